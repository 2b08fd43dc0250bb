package io.leadscore.ingest.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables.Table;
import io.leadscore.ingest.Reconciliation;
import io.leadscore.ingest.consent.spark.Consent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated consent mapping: statuses and channels are normalised (trim, lower case, '-' and ' ' as '_') by the
 * mapping's own rules, so a later "Opt-Out" blocks the lead like "opt_out"; unknown values are quarantined naming
 * the field and the allowed values, and received = accepted + quarantined still holds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsentIngestTest {
  IngestTestSupport t;
  Reconciliation rec;

  @BeforeAll
  void ingest(@TempDir Path dir) {
    t = new IngestTestSupport(dir, "leadscore.ingest.sources = [consent]");
    t.write("consent", "consent.csv", String.join("\n",
        "lead_id,channel,status,changed_at",
        "C1,profiling,opt_in,2026-11-01T10:00:00Z",
        "C1,Profiling,Opt-Out,2026-11-02T10:00:00Z",          // record 2: a later opt-out in another spelling
        "C2,profiling,opt_in,2026-11-01T10:00:00Z",
        "C2,ALL,\" opt_out \",2026-11-03T10:00:00Z",          // record 4: spaces around, channel in capitals
        "C3,profiling,opt in,2026-11-01T10:00:00Z",           // record 5: a space for the underscore: opt_in
        "C4,profiling,opt_out,2026-11-01T10:00:00Z",
        "C4,profiling,maybe,2026-11-02T10:00:00Z",            // record 7: unknown status: quarantined, not a change
        "C5,fax,opt_out,2026-11-01T10:00:00Z",                // record 8: unknown channel: quarantined
        ""));
    rec = IngestTestSupport.of(t.ingest(), "consent");
  }

  @Test
  void statusAndChannelAreNormalisedInSilver() {
    Map<String, String> byRow = new HashMap<>();
    for (Row r : t.table(Table.CONSENT).collectAsList()) {
      byRow.put(r.getAs("lead_id") + "@" + r.<java.sql.Timestamp>getAs("changed_at").toInstant(),
          r.getAs("channel") + "/" + r.getAs("status"));
    }
    assertEquals("profiling/opt_out", byRow.get("C1@2026-11-02T10:00:00Z"), byRow.toString());
    assertEquals("all/opt_out", byRow.get("C2@2026-11-03T10:00:00Z"), byRow.toString());
    assertEquals("profiling/opt_in", byRow.get("C3@2026-11-01T10:00:00Z"), byRow.toString());
  }

  @Test
  void aLaterOptOutInAnySpellingBlocksTheLead() {
    var spark = SparkTestSession.get();
    var leads = spark.createDataset(List.of("C1", "C2", "C3", "C4", "C5"), Encoders.STRING()).toDF("lead_id");
    Map<String, String> blocked = new HashMap<>();
    for (Row r : Consent.blockedAtRun(spark, t.tables, leads, Instant.parse("2026-11-24T00:00:00Z"), 0)
        .collectAsList()) {
      blocked.put(r.getAs("lead_id"), r.getAs("reason"));
    }
    assertEquals(Map.of("C1", Consent.OPTED_OUT, "C2", Consent.OPTED_OUT, "C4", Consent.OPTED_OUT), blocked,
        "C4's unknown later status does not lift its opt-out");
    var dates = spark.sql("SELECT lead_id, DATE'2026-11-24' AS as_of_date FROM VALUES ('C1'), ('C2'), ('C3') "
        + "AS t(lead_id)");
    assertEquals(2, Consent.optedOut(spark, t.tables, dates).count(), "C1 and C2 as of the snapshot too");
  }

  @Test
  void unknownValuesAreQuarantinedNamingTheFieldAndTheAllowedValues() {
    assertTrue(rec.holds(), rec.line());
    assertEquals(8, rec.received(), rec.line());
    assertEquals(2, rec.quarantined(), rec.line());
    Map<Long, Row> q = new HashMap<>();
    for (Row r : t.table(Table.QUARANTINE).filter(col("source").equalTo("consent")).collectAsList()) {
      q.put(r.getAs("row_number"), r);
    }
    assertEquals(java.util.Set.of(7L, 8L), q.keySet(), "records 7 (maybe) and 8 (fax)");
    assertEquals("status", q.get(7L).getAs("field"));
    assertEquals("allowed", q.get(7L).getAs("rule"));
    String reason = q.get(7L).getAs("reason");
    assertTrue(reason.contains("maybe") && reason.contains("opt_in") && reason.contains("opt_out"), reason);
    assertEquals("channel", q.get(8L).getAs("field"));
    assertTrue(((String) q.get(8L).getAs("reason")).contains("profiling"), (String) q.get(8L).getAs("reason"));
  }
}
