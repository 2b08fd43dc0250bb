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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code leadscore erase}: the lead leaves every table and every file; the CRM is cleared; the log has no PII. */
class LeadEraserTest {
  static final LocalDate D = LocalDate.parse("2026-11-24");

  @Test
  void anErasedLeadIsInNoTableAndNoFile(@TempDir Path dir) {
    PrivacyLakehouse lh = new PrivacyLakehouse(dir);
    lh.ingest(D, 0, new Lead("L1", "ann.erased@example.com", "2026-11-20 10:00:00"),
        new Lead("L2", "bob.kept@example.com", "2026-11-21 10:00:00"));
    lh.gold(D, "L1", "L2");
    assertTrue(lh.parquetRowsContaining("ann.erased@example.com") > 0, "the fixture holds the raw email");
    assertEquals(1, lh.table(Table.QUARANTINE).filter(col("source_file").contains("activities")
        .and(col("row_number").equalTo(2))).count(), "L1's bad activity is quarantined");
    List<List<String>> clears = new ArrayList<>();

    ErasureResult r = new LeadEraser(lh.spark, lh.tables, lh.sources, PrivacyLakehouse.SALT)
        .crm((ids, reason) -> {
          clears.add(List.copyOf(ids));
          assertEquals("GDPR request 42", reason);
          return ids.size();
        })
        .erase(List.of("L1"), "erase", "GDPR request 42", "run-1");

    for (Table t : Table.values()) {
      String path = lh.tables.path(t);
      if (DeltaTable.isDeltaTable(lh.spark, path) && Arrays.asList(lh.table(t).columns()).contains("lead_id")) {
        assertEquals(0, lh.table(t).filter(col("lead_id").equalTo("L1")).count(), t + " still returns L1");
        assertTrue(lh.table(t).filter(col("lead_id").equalTo("L2")).count() > 0, t + " lost L2");
      }
    }
    assertEquals(0, lh.table(Table.QUARANTINE).filter(col("source_file").contains("activities")
        .and(col("row_number").equalTo(2))).count(), "L1's quarantine row is gone");
    assertEquals(1, lh.table(Table.QUARANTINE).filter(col("source_file").contains("activities")).count(),
        "L2's quarantine row stays");
    assertEquals(0, lh.parquetRowsContaining("ann.erased@example.com"), "no Parquet file holds the raw email");
    assertTrue(lh.parquetRowsContaining("bob.kept@example.com") > 0);
    assertEquals(List.of(), lh.filesContaining("ann.erased@example.com"), "no file at all holds the raw email");
    assertEquals(List.of(List.of("L1")), clears, "one CRM clear, for the delivered lead");

    assertEquals(1, r.requested());
    assertEquals(1, r.found());
    assertEquals(1, r.crmCleared());
    assertNull(r.crmError());
    assertTrue(r.rows().get("bronze_leads") >= 1 && r.rows().get("events") == 1 && r.rows().get("crm_sync") == 1
        && r.rows().get("quarantine") == 1, r.rows().toString());
    assertTrue(r.vacuumed().containsAll(List.of("bronze_leads", "leads", "quarantine", "features", "crm_sync")),
        r.vacuumed().toString());

    List<Row> log = lh.table(Table.ERASURES).collectAsList();
    assertEquals(1, log.size());
    Row e = log.get(0);
    assertEquals(LeadHash.of(PrivacyLakehouse.SALT, "L1"), e.getAs("lead_hash"));
    assertEquals("GDPR request 42", e.getAs("reason"));
    assertEquals(r.totalRows(), (long) e.getAs("total_rows"));
    assertTrue((boolean) e.getAs("crm_cleared"));
    String all = e.toString();
    assertFalse(all.contains("L1") || all.contains("ann.erased"), "no PII in the erasure record: " + all);

    // idempotent: again, nothing changes (no table version, no record, no CRM call)
    Map<Table, Long> versions = versions(lh);
    ErasureResult again = new LeadEraser(lh.spark, lh.tables, lh.sources, PrivacyLakehouse.SALT)
        .crm((ids, reason) -> fail("no second clear")).erase(List.of("L1"), "erase", "GDPR request 42", "run-2");
    assertEquals(0, again.totalRows());
    assertEquals(0, again.found());
    assertEquals(versions, versions(lh));
  }

  @Test
  void aFailedCrmClearKeepsTheCrmSyncRowForTheNextRun(@TempDir Path dir) {
    PrivacyLakehouse lh = new PrivacyLakehouse(dir);
    lh.ingest(D, 0, new Lead("L1", "ann@example.com", "2026-11-20 10:00:00"));
    lh.gold(D, "L1");
    ErasureResult r = new LeadEraser(lh.spark, lh.tables, lh.sources, PrivacyLakehouse.SALT)
        .crm((ids, reason) -> {
          throw new IllegalStateException("CRM answered 503");
        }).erase(List.of("L1"), "erase", "request", "run-1");
    assertEquals("CRM answered 503", r.crmError());
    assertEquals(0, lh.table(Table.LEADS).filter(col("lead_id").equalTo("L1")).count());
    assertEquals(1, lh.table(Table.CRM_SYNC).filter(col("lead_id").equalTo("L1")).count(), "kept for the retry");
    List<String> cleared = new ArrayList<>();
    ErasureResult retry = new LeadEraser(lh.spark, lh.tables, lh.sources, PrivacyLakehouse.SALT)
        .crm((ids, reason) -> {
          cleared.addAll(ids);
          return ids.size();
        }).erase(List.of("L1"), "erase", "request", "run-2");
    assertEquals(List.of("L1"), cleared);
    assertNull(retry.crmError());
    assertEquals(0, lh.table(Table.CRM_SYNC).filter(col("lead_id").equalTo("L1")).count());
    assertEquals(2, lh.table(Table.ERASURES).count(), "the retry removed a row, so it is recorded too");
  }

  private static Map<Table, Long> versions(PrivacyLakehouse lh) {
    Map<Table, Long> v = new LinkedHashMap<>();
    for (Table t : Table.values()) {
      if (DeltaTable.isDeltaTable(lh.spark, lh.tables.path(t))) {
        v.put(t, DeltaTable.forPath(lh.spark, lh.tables.path(t)).history(1).first().getLong(0));
      }
    }
    return v;
  }
}
