package io.leadscore.ingest.privacy.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.Tables.Table;
import io.leadscore.ingest.privacy.spark.PrivacyLakehouse.Lead;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention: stale leads leave every table and file; expired bronze batches leave their files too. */
class RetentionPurgeTest {
  static final LocalDate D = LocalDate.parse("2026-11-24");

  @Test
  void aLeadInactiveForLongerThanTheRetentionIsPurgedWithItsFiles(@TempDir Path dir) {
    PrivacyLakehouse lh = new PrivacyLakehouse(dir);
    lh.ingest(D.minusDays(1), 0, new Lead("LOLD", "old.lead@example.com", "2024-05-01 10:00:00"),
        new Lead("LNEW", "new.lead@example.com", "2026-11-20 10:00:00"),
        new Lead("LBOTH", "both@example.com", "2024-05-01 10:00:00"));
    // LBOTH's activity and event stay old (facts with the same ids are not inserted again), its CRM record is new:
    // it has rows before the cutoff and after it, and is not stale
    lh.ingest(D, 0, new Lead("LBOTH", "both@example.com", "2026-11-21 10:00:00"));
    lh.gold(D, "LOLD", "LNEW");
    List<String> cleared = new ArrayList<>();
    LeadEraser eraser = new LeadEraser(lh.spark, lh.tables, lh.sources, PrivacyLakehouse.SALT).crm((ids, reason) -> {
      cleared.addAll(ids);
      return ids.size();
    });

    RetentionPurge.Result r = new RetentionPurge(lh.spark, lh.tables, eraser).run(D, 24, 0, "run-1");

    assertEquals(LocalDate.parse("2024-11-24"), r.leadCutoff());
    assertEquals(1, r.leads().found(), r.toString());
    List<Table> holders = List.of(Table.BRONZE_LEADS, Table.LEADS, Table.ACTIVITIES, Table.EVENTS, Table.CONSENT,
        Table.FEATURES, Table.TRAINING_SET, Table.LEAD_SCORES, Table.CRM_SYNC);
    Map<Table, Map<String, Long>> left = lh.leadRows(holders, "LOLD", "LNEW");
    assertEquals(holders, List.copyOf(left.keySet()));
    left.forEach((t, rows) -> {
      assertNull(rows.get("LOLD"), t + " still holds the old lead");
      assertTrue(rows.getOrDefault("LNEW", 0L) > 0, t + " lost the active lead");
    });
    assertEquals(0, lh.parquetRowsContaining("old.lead@example.com"));
    assertEquals(List.of(), lh.filesContaining("old.lead@example.com"));
    assertEquals(List.of("LOLD"), cleared);
    Row e = lh.table(Table.ERASURES).first();
    assertEquals("purge", e.getAs("command"));
    assertTrue(((String) e.getAs("reason")).startsWith("retention: no activity since 2024-11-24"), e.toString());

    RetentionPurge.Result again = new RetentionPurge(lh.spark, lh.tables, eraser).run(D, 24, 0, "run-2");
    assertEquals(0, again.leads().requested(), "nothing left to purge");
    assertEquals(1, lh.table(Table.ERASURES).count());
  }

  @Test
  void expiredBronzeBatchesLeaveTheirFilesToo(@TempDir Path dir) {
    PrivacyLakehouse lh = new PrivacyLakehouse(dir);
    lh.ingest(D.minusDays(10), 5, new Lead("L1", "early@example.com", "2026-11-10 10:00:00"));
    lh.ingest(D, 5, new Lead("L2", "late@example.com", "2026-11-20 10:00:00"));
    assertEquals(0, lh.table(Table.BRONZE_LEADS).filter(col("lead_id").equalTo("L1")).count(),
        "ingest deletes the expired batch from bronze");
    assertTrue(lh.parquetRowsContaining("early@example.com") > 0, "but its files stay: the bug this purge fixes");

    RetentionPurge.Result r = new RetentionPurge(lh.spark, lh.tables,
        new LeadEraser(lh.spark, lh.tables, lh.sources, PrivacyLakehouse.SALT)).run(D, 0, 5, "run-1");

    assertNull(r.leadCutoff());
    assertEquals(0, lh.parquetRowsContaining("early@example.com"));
    assertEquals(List.of(), lh.filesContaining("early@example.com"));
    assertTrue(r.vacuumed().contains("bronze_leads"), r.vacuumed().toString());
    assertEquals(1, r.quarantineRows(), "the expired batch's quarantine row goes with its bronze row");
    assertEquals(1, lh.table(Table.LEADS).filter(col("lead_id").equalTo("L1")).count(), "silver keeps the lead");
    assertTrue(lh.parquetRowsContaining("late@example.com") > 0);
  }
}
