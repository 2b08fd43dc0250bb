package io.leadscore.ingest.privacy.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.delta.tables.DeltaTable;
import io.leadscore.core.Tables.Table;
import io.leadscore.ingest.privacy.ErasureResult;
import io.leadscore.ingest.privacy.LeadHash;
import io.leadscore.ingest.privacy.spark.PrivacyLakehouse.Lead;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.delta.DeltaLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code leadscore erase}: the lead leaves every version of every table and every file; the CRM is cleared (also
 * where the score was sent but not confirmed); the log has no PII. One lakehouse for the whole story: an ingest
 * is most of a Spark test's time.
 */
class LeadEraserTest {
  static final LocalDate D = LocalDate.parse("2026-11-24");
  /** An id no other text of the fixture contains, so that a byte search for it means the lead. */
  static final String ERASED = "LERASED1";

  @Test
  void anErasedLeadIsInNoVersionOfAnyTableAndNoFileAndAFailedCrmClearIsRetried(@TempDir Path dir) {
    PrivacyLakehouse lh = new PrivacyLakehouse(dir);
    lh.ingest(D, 0, new Lead(ERASED, "ann.erased@example.com", "2026-11-20 10:00:00"),
        new Lead("L2", "bob.kept@example.com", "2026-11-21 10:00:00"),
        new Lead("L3", "cid@example.com", "2026-11-21 10:00:00"),
        new Lead("L4", "dee@example.com", "2026-11-21 10:00:00"));
    lh.gold(D, ERASED, "L2", "L3");
    // the erased lead is only in older versions of crm_pending and training_set; L4's score was sent but never
    // confirmed: it is pending, not in crm_sync
    lh.overwritten(List.of(ERASED, "L2"), List.of("L2", "L4"), List.of("L2", "L3"));
    assertTrue(lh.parquetRowsContaining("ann.erased@example.com") > 0, "the fixture holds the raw email");
    assertEquals(1, lh.rowsAtVersion(Table.CRM_PENDING, 0, ERASED), "the reproduction: crm_pending@v0 holds it");
    assertEquals(0, lh.rowsAtVersion(Table.CRM_PENDING, 1, ERASED));
    assertEquals(1, lh.table(Table.QUARANTINE).filter(col("source_file").contains("activities")
        .and(col("row_number").equalTo(2))).count(), "the erased lead's bad activity is quarantined");

    List<List<String>> clears = new ArrayList<>();
    ErasureResult r = eraser(lh).crm((ids, reason) -> {
      clears.add(List.copyOf(ids));
      assertEquals("GDPR request 42", reason);
      return ids.size();
    }).erase(List.of(ERASED), "erase", "GDPR request 42", "run-1");

    Map<Table, Map<String, Long>> left = lh.leadRows(List.of(Table.values()), ERASED, "L2");
    assertTrue(left.keySet().containsAll(List.of(Table.BRONZE_LEADS, Table.LEADS, Table.EVENTS, Table.FEATURES,
        Table.TRAINING_SET, Table.LEAD_SCORES, Table.CRM_SYNC, Table.CRM_PENDING)), left.keySet().toString());
    left.forEach((t, rows) -> {
      assertNull(rows.get(ERASED), t + " still returns the lead");
      assertTrue(rows.getOrDefault("L2", 0L) > 0, t + " lost L2");
    });
    assertEquals(0, lh.rowsAtVersion(Table.CRM_PENDING, 0, ERASED), "no older version returns the lead");
    assertEquals(0, lh.rowsAtVersion(Table.TRAINING_SET, 0, ERASED), "no older version returns the lead");
    assertEquals(0, lh.table(Table.QUARANTINE).filter(col("source_file").contains("activities")
        .and(col("row_number").equalTo(2))).count(), "the erased lead's quarantine row is gone");
    assertEquals(3, lh.table(Table.QUARANTINE).filter(col("source_file").contains("activities")).count(),
        "the quarantine rows of L2, L3 and L4 stay");
    assertEquals(0, lh.parquetRowsContaining("ann.erased@example.com"), "no Parquet file holds the raw email");
    assertTrue(lh.parquetRowsContaining("bob.kept@example.com") > 0);
    assertEquals(List.of(), lh.filesContaining("ann.erased@example.com"), "no file at all holds the raw email");
    assertEquals(0, lh.parquetRowsContaining(ERASED), "no data file or checkpoint of any version holds the id");
    assertEquals(List.of(), lh.filesContaining(ERASED), "no file at all holds the id (log statistics included)");
    assertEquals(List.of(List.of(ERASED)), clears, "one CRM clear, for the delivered lead");

    assertEquals(1, r.requested());
    assertEquals(1, r.found());
    assertEquals(1, r.crmCleared());
    assertNull(r.crmError());
    assertTrue(r.rows().get("bronze_leads") >= 1 && r.rows().get("events") == 1 && r.rows().get("crm_sync") == 1
        && r.rows().get("quarantine") == 1, r.rows().toString());
    assertTrue(r.vacuumed().containsAll(List.of("bronze_leads", "leads", "quarantine", "features", "crm_sync",
        "crm_pending", "training_set")), r.vacuumed().toString());

    List<Row> log = lh.table(Table.ERASURES)
        .filter(col("lead_hash").equalTo(LeadHash.of(PrivacyLakehouse.SALT, ERASED))).collectAsList();
    assertEquals(1, log.size());
    Row e = log.get(0);
    assertEquals("GDPR request 42", e.getAs("reason"));
    assertEquals(r.totalRows(), (long) e.getAs("total_rows"));
    assertTrue((boolean) e.getAs("crm_cleared"));
    String all = e.toString();
    assertFalse(all.contains(ERASED) || all.contains("ann.erased"), "no PII in the erasure record: " + all);

    // idempotent: again, nothing changes (no table version, no record, no CRM call)
    Map<Table, Long> versions = versions(lh);
    long records = lh.table(Table.ERASURES).count();
    ErasureResult again = eraser(lh).crm((ids, reason) -> fail("no second clear"))
        .erase(List.of(ERASED), "erase", "GDPR request 42", "run-2");
    assertEquals(0, again.totalRows());
    assertEquals(0, again.found());
    assertEquals(List.of(), again.vacuumed());
    assertEquals(versions, versions(lh));
    assertEquals(records, lh.table(Table.ERASURES).count());

    // a CRM that does not confirm: the ledger rows stay so that the next run retries
    ErasureResult failed = eraser(lh).crm((ids, reason) -> {
      throw new IllegalStateException("CRM answered 503");
    }).erase(List.of("L3", "L4"), "erase", "request", "run-5");
    assertEquals("CRM answered 503", failed.crmError());
    assertEquals(0, lh.table(Table.LEADS).filter(col("lead_id").equalTo("L3")).count());
    assertEquals(1, lh.table(Table.CRM_SYNC).filter(col("lead_id").equalTo("L3")).count(), "kept for the retry");
    assertEquals(1, lh.table(Table.CRM_PENDING).filter(col("lead_id").equalTo("L4")).count(), "kept for the retry");
    List<String> retried = new ArrayList<>();
    ErasureResult retry = eraser(lh).crm((ids, reason) -> {
      retried.addAll(ids);
      return ids.size();
    }).erase(List.of("L3", "L4"), "erase", "request", "run-6");
    assertEquals(List.of("L3", "L4"), retried, "the confirmed lead and the one sent but never confirmed");
    assertNull(retry.crmError());
    assertEquals(0, lh.table(Table.CRM_SYNC).filter(col("lead_id").equalTo("L3")).count());
    assertEquals(0, lh.table(Table.CRM_PENDING).filter(col("lead_id").isin("L3", "L4")).count());
    assertEquals(2, lh.table(Table.ERASURES).filter(col("lead_hash").equalTo(LeadHash.of(PrivacyLakehouse.SALT, "L3")))
        .count(), "the retry removed a row, so it is recorded too");
  }

  private static LeadEraser eraser(PrivacyLakehouse lh) {
    return new LeadEraser(lh.spark, lh.tables, lh.sources, PrivacyLakehouse.SALT);
  }

  private static Map<Table, Long> versions(PrivacyLakehouse lh) {
    Map<Table, Long> v = new LinkedHashMap<>();
    for (Table t : Table.values()) {
      if (DeltaTable.isDeltaTable(lh.spark, lh.tables.path(t))) {
        // the snapshot's version is its latest commit's (history(1) ran a Spark job per table for the same number)
        v.put(t, DeltaLog.forTable(lh.spark, lh.tables.path(t))
            .update(false, scala.Option.empty(), scala.Option.empty()).version());
      }
    }
    return v;
  }
}
