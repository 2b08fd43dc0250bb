package io.leadscore.features.catalog;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.leadscore.core.LeadscoreException;
import io.leadscore.ingest.SourceMapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The canonical schema against the catalogue, the generated mappings and conf/sources/example-crm.conf. No Spark. */
class CanonicalSchemaTest {
  static final Path EXAMPLE = Path.of("../conf/sources/example-crm.conf"); // surefire runs in the module folder
  static final String SOURCES = "leadscore.ingest.sources = [crm_leads, crm_accounts, crm_activities, "
      + "crm_opportunities, crm_events, crm_consent]\n";

  static List<SourceMapping> example(String text) {
    Config c = ConfigFactory.parseString(SOURCES + text).withFallback(ConfigFactory.defaultReference()).resolve();
    return SourceMapping.all(c);
  }

  @Test
  void everyReaderIsAStandardFeatureAndEveryColumnFedFeatureIsListed() {
    FeatureCatalog standard = FeatureCatalog.standard();
    Set<String> reading = CanonicalSchema.featuresReading();
    assertTrue(standard.names().containsAll(reading), "unknown: " + reading.stream()
        .filter(f -> !standard.names().contains(f)).toList());
    Set<String> unread = new TreeSet<>();
    for (FeatureDefinition f : standard.features()) {
      if (!f.dateDerived() && !f.name().endsWith(FeatureDefinition.INDICATOR_SUFFIX) && !reading.contains(f.name())) {
        unread.add(f.name());
      }
    }
    assertEquals(Set.of(), unread, "a standard feature computed from silver columns, not in CanonicalSchema");
    assertEquals(CanonicalSchema.TABLES.stream().sorted().toList(),
        CanonicalSchema.columns().stream().map(CanonicalSchema.Column::table).distinct().sorted().toList());
  }

  @Test
  void theGeneratedMappingsAndTheExampleCrmProvideEveryCanonicalColumn() throws Exception {
    assertEquals(List.of(), CanonicalSchema.missing(SourceMapping.all(ConfigFactory.defaultReference().resolve())));
    List<SourceMapping> example = example(Files.readString(EXAMPLE));
    assertEquals(Set.copyOf(CanonicalSchema.TABLES), Set.copyOf(example.stream().map(m -> m.silver().table()).toList()),
        "example-crm.conf maps all six canonical tables");
    assertEquals(List.of(), CanonicalSchema.missing(example));
    CanonicalSchema.check(example);
  }

  @Test
  void aMappingWithoutACanonicalColumnIsNamedWithTheFeaturesThatNeedIt() throws Exception {
    String text = Files.readString(EXAMPLE);
    String without = text.replaceAll("(?m)^\\s*employees \\{.*\\n", "")
        .replaceAll("(?m)^\\s*job_title \\{.*\\n", "");
    assertNotEquals(text, without);
    assertEquals(List.of("leads.job_title (read by decision_maker_likelihood)",
        "accounts.employees (read by log_employees)"), CanonicalSchema.missing(example(without)));
    LeadscoreException e = assertThrows(LeadscoreException.class, () -> CanonicalSchema.check(example(without)));
    assertTrue(e.getMessage().contains("accounts.employees (read by log_employees)")
        && e.getMessage().contains("docs/how-to/new-crm-export.md"), e.getMessage());
    // a hashed column is not in silver under its own name
    String hashed = text.replace("pii_hash = [email, phone]", "pii_hash = [email, phone, country]");
    assertEquals(List.of("leads.country (read by country, geographic_opportunity)"),
        CanonicalSchema.missing(example(hashed)));
    // no hygiene flagging bots and no is_bot column: the web features have no is_bot
    String noBots = text.replaceAll("(?s)    hygiene \\{.*?\\n    \\}\\n", "");
    assertTrue(CanonicalSchema.missing(example(noBots)).get(0).startsWith("events.is_bot (read by page_views_7d"),
        CanonicalSchema.missing(example(noBots)).toString());
  }
}
