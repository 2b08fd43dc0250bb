package io.leadscore.scoring.writeback;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.LeadscoreException;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.scoring.ScoringSettings;
import io.leadscore.scoring.sink.SqlDialect;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WritebackSettingsTest {
  private static ScoringSettings load(Map<String, String> o) {
    return ScoringSettings.from(LeadscoreConfig.defaults(o));
  }

  private static String error(Map<String, String> o) {
    return assertThrows(LeadscoreException.class, () -> load(o)).getMessage();
  }

  @Test
  void defaultsAreTheCsvOutboxWithoutChallenger() {
    ScoringSettings s = load(Map.of());
    assertEquals("csv", s.sink());
    assertEquals(0.0, s.challengerShare());
    assertNull(s.writeback().jdbc());
  }

  @Test
  void jdbcAndHttpSettingsAreTyped() {
    ScoringSettings j = load(Map.of("leadscore.writeback.sink", "jdbc", "leadscore.writeback.jdbc.url",
        "jdbc:mysql://crm:3306/crm", "leadscore.writeback.jdbc.dialect", "mysql"));
    assertEquals(SqlDialect.MYSQL, j.writeback().jdbc().connection().dialect());
    assertEquals(3, j.writeback().jdbc().columns().reasons().size());
    ScoringSettings h = load(Map.of("leadscore.writeback.sink", "http", "leadscore.writeback.http.url",
        "https://crm.example.com/api/leads/batch", "leadscore.writeback.http.timeout", "3s"));
    assertEquals(Duration.ofSeconds(3), h.writeback().http().timeout());
    assertEquals("LEADSCORE_CRM_TOKEN", h.writeback().http().authEnv());
  }

  @Test
  void badValuesNameTheKey() {
    assertTrue(error(Map.of("leadscore.writeback.sink", "kafka")).contains("'leadscore.writeback.sink' is 'kafka'"));
    assertTrue(error(Map.of("leadscore.writeback.sink", "jdbc")).contains("'leadscore.writeback.jdbc.url' is '' but must be set"));
    assertTrue(error(Map.of("leadscore.writeback.sink", "http", "leadscore.writeback.http.url", "crm.example.com"))
        .contains("'leadscore.writeback.http.url' is 'crm.example.com'"));
    assertTrue(error(Map.of("leadscore.writeback.checkpoint_batches", "0"))
        .contains("'leadscore.writeback.checkpoint_batches' is 0 but must be >= 1"));
    assertTrue(error(Map.of("leadscore.scoring.challenger.share", "1.5"))
        .contains("'leadscore.scoring.challenger.share' is 1.5"));
  }

  @Test
  void aRelativeOutboxLiesUnderTheLocalStorageRootAndIsRefusedInProduction(@org.junit.jupiter.api.io.TempDir
                                                                            java.nio.file.Path tmp) {
    String root = tmp.resolve("lake").toString();
    assertEquals(tmp.resolve("lake/outbox").toString(),
        load(Map.of("leadscore.storage.root", root)).writeback().outboxDir(), "not the working directory");
    assertEquals(tmp.resolve("lake/crm/out").toString(), load(Map.of("leadscore.storage.root", "file:" + root,
        "leadscore.writeback.outbox_dir", "crm/out")).writeback().outboxDir());
    assertEquals("/data/crm-outbox", load(Map.of("leadscore.storage.root", "s3a://bucket/lake",
        "leadscore.writeback.outbox_dir", "/data/crm-outbox")).writeback().outboxDir());
    assertTrue(error(Map.of("leadscore.storage.root", "s3a://bucket/lake")).contains(
        "'leadscore.writeback.outbox_dir' is 'outbox', a relative path, but the storage root s3a://bucket/lake is "
            + "not a local folder: set an absolute folder"));
    assertTrue(error(Map.of("leadscore.environment", "production", "leadscore.storage.root", root)).contains(
        "'leadscore.environment' is production"));
    // a relative outbox does not matter when the CSV sink is not used
    assertEquals("jdbc", load(Map.of("leadscore.environment", "production", "leadscore.writeback.sink", "jdbc",
        "leadscore.writeback.jdbc.url", "jdbc:postgresql://crm/crm")).sink());
  }

  @Test
  void consentMaxAgeIsValidated() {
    assertEquals(730, load(Map.of()).consentMaxAgeDays());
    assertTrue(error(Map.of("leadscore.consent.max_age_days", "-1"))
        .contains("'leadscore.consent.max_age_days' is -1 but must be >= 0"));
  }
}
