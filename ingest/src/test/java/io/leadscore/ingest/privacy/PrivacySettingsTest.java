package io.leadscore.ingest.privacy;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.LeadscoreException;
import io.leadscore.core.config.LeadscoreConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrivacySettingsTest {
  private static PrivacySettings load(Map<String, String> overrides) {
    return PrivacySettings.from(LeadscoreConfig.defaults(overrides));
  }

  @Test
  void aLocalDevelopmentLakehouseRunsWithTheDevelopmentSalt() {
    PrivacySettings p = load(Map.of());
    assertEquals(24, p.retentionMonths());
    assertEquals("development", p.environment());
    assertFalse(p.toString().contains(p.piiSalt()), "the salt never printed");
  }

  @Test
  void anS3RootWithoutASaltFailsAtLoadNamingTheVariable() {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("LEADSCORE_PII_SALT") == null);
    LeadscoreException e = assertThrows(LeadscoreException.class, () -> PrivacySettings.from(
        LeadscoreConfig.defaults(Map.of("leadscore.storage.root", "s3a://bucket/leadscore"))));
    assertTrue(e.getMessage().startsWith("LEADSCORE_PII_SALT is not set, and 'leadscore.storage.root' is "
        + "s3a://bucket/leadscore (not a local path)"), e.getMessage());
    assertEquals("s3cr3t-salt-value", load(Map.of("leadscore.storage.root", "s3a://bucket/leadscore",
        "leadscore.pii.salt", "s3cr3t-salt-value")).piiSalt());
  }

  @Test
  void productionWithoutASaltFailsEvenOnALocalPath() {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("LEADSCORE_PII_SALT") == null);
    LeadscoreException e = assertThrows(LeadscoreException.class, () -> load(Map.of("leadscore.environment",
        "production")));
    assertTrue(e.getMessage().contains("'leadscore.environment' is production"), e.getMessage());
    assertThrows(LeadscoreException.class, () -> load(Map.of("leadscore.environment", "production",
        "leadscore.pii.salt", " ")));
  }

  @Test
  void badValuesAreNamed() {
    assertEquals("'leadscore.environment' is 'prod' but must be one of [development, production]",
        assertThrows(LeadscoreException.class, () -> load(Map.of("leadscore.environment", "prod"))).getMessage());
    assertTrue(assertThrows(LeadscoreException.class, () -> load(Map.of("leadscore.retention.months", "-1")))
        .getMessage().startsWith("'leadscore.retention.months' is -1"));
  }

  @Test
  void whatCountsAsLocal() {
    assertTrue(PrivacySettings.isLocal("lakehouse"));
    assertTrue(PrivacySettings.isLocal("/data/lakehouse"));
    assertTrue(PrivacySettings.isLocal("file:/data/lakehouse"));
    assertTrue(PrivacySettings.isLocal("C:\\data\\lakehouse"));
    assertFalse(PrivacySettings.isLocal("s3a://b/p"));
    assertFalse(PrivacySettings.isLocal("abfss://c@a.dfs.core.windows.net/p"));
    assertFalse(PrivacySettings.isLocal("hdfs://nn/p"));
  }
}
