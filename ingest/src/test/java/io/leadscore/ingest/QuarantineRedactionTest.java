package io.leadscore.ingest;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.ConfigFactory;
import io.leadscore.core.config.LeadscoreConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuarantineRedactionTest {
  private static SourceMapping mapping(List<String> piiHash, List<String> piiDrop) {
    String hocon = "leadscore.ingest.sources = [people]\n"
        + "leadscore.sources.people { group = crm, file = \"p.csv\", format = csv, table = leads, key = [lead_id], "
        + "pii_hash = " + piiHash + ", pii_drop = " + piiDrop + ", columns { lead_id = \"string, required\", "
        + "email = string, first_name = string, note = string } }";
    return SourceMapping.all(ConfigFactory.parseString(hocon).withFallback(LeadscoreConfig.defaults(Map.of()))
        .resolve()).get(0);
  }

  private final QuarantineRedaction r = QuarantineRedaction.of(mapping(List.of("email"), List.of("first_name")), "s");

  @Test
  void piiFieldsAreHashedWhateverTheirValue() {
    String h = r.redact("email", "not-an-email");
    assertTrue(h.startsWith("sha256:") && h.length() == 7 + 64, h);
    assertEquals(h, r.redact("email", " NOT-an-email "), "same normalisation as silver: trimmed, lower case");
    assertNotEquals(h, QuarantineRedaction.of(mapping(List.of("email"), List.of()), "other").redact("email",
        "not-an-email"), "salted");
    assertTrue(r.redact("first_name", "Ada").startsWith("sha256:"), "pii_drop fields too");
  }

  @Test
  void emailsAndPhonesAreHashedInAnyField() {
    assertTrue(r.redact("note", "call me: ada@example.com").startsWith("sha256:"));
    assertTrue(r.redact("note", "+44 20 7946 0958").startsWith("sha256:"));
    assertTrue(r.redact("note", "(555) 123-4567").startsWith("sha256:"));
    assertTrue(r.redact("note", "0612345678").startsWith("sha256:"));
  }

  @Test
  void otherValuesAreKeptCutTo200Characters() {
    assertEquals("=HYPERLINK(x)", r.redact("note", "=HYPERLINK(x)"));
    assertEquals("2026-11-01 10:00:00", r.redact("updated_at", "2026-11-01 10:00:00"), "a timestamp is no phone");
    assertEquals("-3", r.redact("visits", "-3"));
    assertEquals("99999999999.5", r.redact("amount", "99999999999.5"), "a decimal amount is no phone");
    assertEquals(200, r.redact("note", "x".repeat(10_000)).length());
    assertNull(r.redact("note", null));
  }

  @Test
  void unparsableRecordsAreHashedWhenTheSourceHasPii() {
    assertTrue(r.redact(QuarantineRedaction.RECORD, "L1,Ada,Lovelace,broken").startsWith("sha256:"));
    QuarantineRedaction noPii = QuarantineRedaction.of(mapping(List.of(), List.of()), "s");
    assertEquals("E1,click,broken", noPii.redact(QuarantineRedaction.RECORD, "E1,click,broken"));
  }
}
