package io.leadscore.features.gold;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.spark.GoldFiles;
import io.leadscore.features.gold.spark.FeatureJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly refresh of the stored snapshots' attribute columns compares only the rows that can have changed: those
 * of leads (or accounts, or opportunities) ingested since the last refresh, and those of a segment whose value moved.
 * It compared every stored row every night, and at 1M leads rewrote nearly all of them, because a country's share of
 * all leads moved in its fifth digit whenever an old lead arrived late; and it never added that late lead to the
 * stored snapshots it was open at, so a night differed from a rebuild. Stamped hand-made silver, one lakehouse taken
 * through three nights at D, then a rebuild. {@code RefreshStateTest} checks when the state is not trusted.
 */
class AttributeRefreshTest {
  static final LocalDate D = IncrementalSnapshotsTest.D;
  static final String LATE = "2026-04-01T00:00:00Z";

  @TempDir
  static Path dir;
  static HandMadeLakehouse lake;
  static FeatureJob.Result quiet;
  static FeatureJob.Result edited;
  static long l2Rows;
  static List<Row> l2Edited;
  static List<Row> nightly;
  static List<Row> rebuilt;

  static HandMadeLakehouse world(Path at) {
    HandMadeLakehouse l = new HandMadeLakehouse(Tables.at(at.toString())).stamped();
    l.account("A1", "Software", 100L, 2016, 2).account("A2", "Finance", 40L, 2010, 0)
        .lead("L1", "A1", "VP of Finance", "VP", "Finance", "Web", "US", "2026-05-01T00:00:00Z")
        .lead("L2", "A1", "Engineer", "Staff", "Engineering", "Event", "US", "2026-05-10T00:00:00Z")
        .lead("L3", "A2", "Head of Sales", "Manager", "Sales", "Referral", "GB", "2026-06-01T00:00:00Z")
        .lead("L4", "A2", "Analyst", "Staff", "Finance", "Partner", "GB", "2026-06-20T00:00:00Z")
        .lead("L5", "A2", "Buyer", "Manager", "Operations", "Web", "DE", "2026-05-20T00:00:00Z")
        .opportunity("L1", "won", "2026-07-05T00:00:00Z").opportunity("L3", "won", "2026-06-22T00:00:00Z")
        .activity("L1", "call", "2026-06-01T09:00:00Z", 10).activity("L4", "call", "2026-07-01T10:00:00Z", 5)
        .event("L1", "/pricing", "2026-06-24T10:00:00Z", false).event("L2", "/", "2026-06-09T10:05:00Z", false)
        .write();
    return l;
  }

  static FeatureJob.Result night(HandMadeLakehouse l) {
    return new FeatureJob(SparkTestSession.get(), l.tables, FeatureCatalog.standard())
        .run(IncrementalSnapshotsTest.plan(D));
  }

  @BeforeAll
  static void nights() {
    lake = world(dir.resolve("nightly"));
    night(lake); // every snapshot computed: the state is left
    quiet = night(lake);
    l2Rows = stored(lake).filter(col("lead_id").equalTo("L2")).count();
    lake.editLead("L2", "seniority", "Director");
    // and a lead created before every stored snapshot arrives now: every country's share of the leads before D
    // moves (GB's, the only country with an outcome before a stored date, from 2 of 5 leads to 3 of 6)
    lake.lead("L6", "A1", "CTO", "C-Level", "Engineering", "Web", "GB", LATE).write();
    edited = night(lake);
    l2Edited = stored(lake).filter(col("lead_id").equalTo("L2")).collectAsList();
    nightly = sorted(lake);

    HandMadeLakehouse fresh = world(dir.resolve("rebuilt"));
    fresh.editLead("L2", "seniority", "Director");
    fresh.lead("L6", "A1", "CTO", "C-Level", "Engineering", "Web", "GB", LATE).write();
    night(fresh);
    rebuilt = sorted(fresh);
  }

  @Test
  void aQuietNightComparesNoStoredRow() {
    assertTrue(Files.exists(Path.of(GoldFiles.attributeStatePath(lake.tables))), "the refresh leaves its state");
    assertEquals(0, quiet.refresh().compared());
    assertEquals(0, quiet.refresh().rewritten());
  }

  @Test
  void onlyTheIngestedLeadsAndTheMovedSegmentsLeadsAreCompared() {
    // L2 and L6 at the five stored dates, and GB's other leads (L3, L4) at the two dates GB has a value (06-25, 07-02)
    assertEquals(5 + 5 + 2 * 2, edited.refresh().compared());
    assertTrue(l2Rows >= 3, "L2 has rows in the stored snapshots: " + l2Rows);
    double director = FeatureCatalog.standard().get("seniority").levels().indexOf("Director");
    for (Row r : l2Edited) {
      assertEquals(director, (double) r.getAs("seniority"), "L2 at " + r.getAs("as_of_date"));
    }
    assertTrue(edited.refresh().rewritten() >= l2Rows, "L2's rows, and GB's at the dates its value moved");
  }

  @Test
  void aLateOldLeadIsAddedToTheStoredSnapshotsItWasOpenAt() {
    assertEquals(5, edited.refresh().added(), "L6 was open at each stored date");
    assertEquals(0, edited.refresh().removed());
  }

  @Test
  void theNightsEqualARebuild() {
    assertEquals(rebuilt, nightly, "features of D and its stored snapshots");
  }

  private static Dataset<Row> stored(HandMadeLakehouse l) {
    return SparkTestSession.get().read().format("delta").load(l.tables.path(Table.FEATURES))
        .filter(col("as_of_date").lt(Date.valueOf(D)));
  }

  private static List<Row> sorted(HandMadeLakehouse l) {
    return SparkTestSession.get().read().format("delta").load(l.tables.path(Table.FEATURES))
        .orderBy("lead_id", "as_of_date").collectAsList();
  }
}
