package io.leadscore.features.gold;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.gold.spark.FeatureJob;
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
 * Nights on a fixed snapshot calendar, on hand-made silver tables: the night D-1 then the night D give the
 * same gold tables as a fresh run at D; a stored snapshot is computed once and kept, while its labels follow
 * the opportunities.
 */
class IncrementalSnapshotsTest {
  // calendar every 7 days from 2026-06-04: ..., 06-25, 07-02, 07-09, 07-16
  static final LocalDate EPOCH = LocalDate.of(2026, 6, 4);
  static final LocalDate D = LocalDate.of(2026, 7, 16);

  @TempDir
  static Path dir;
  static HandMadeLakehouse nightly;
  static FeatureJob.Result first;
  static FeatureJob.Result second;
  static FeatureJob.Result fresh;
  static List<Row> nightlyTraining;
  static List<Row> nightlyFeatures;
  static List<Row> freshTraining;
  static List<Row> freshFeatures;

  static SnapshotPlan plan(LocalDate date) {
    return new SnapshotPlan(date, 14, 7, 42, EPOCH);
  }

  static FeatureJob job(HandMadeLakehouse lake) {
    return new FeatureJob(SparkTestSession.get(), lake.tables, FeatureCatalog.standard());
  }

  static HandMadeLakehouse world(Path at) {
    HandMadeLakehouse lake = new HandMadeLakehouse(Tables.at(at.toString()));
    lake.account("A1", "Software", 100L, 2016, 2)
        .lead("L1", "A1", "VP of Finance", "VP", "Finance", "Web", "US", "2026-05-01T00:00:00Z")
        .lead("L2", "A1", "Engineer", "Staff", "Engineering", "Event", "US", "2026-05-10T00:00:00Z")
        .lead("L3", "A1", "Head of Sales", "Manager", "Sales", "Referral", "GB", "2026-06-01T00:00:00Z")
        .lead("L4", "A1", "Analyst", "Staff", "Finance", "Partner", "GB", "2026-06-20T00:00:00Z")
        .opportunity("L1", "won", "2026-07-05T00:00:00Z").opportunity("L3", "lost", "2026-06-22T00:00:00Z")
        .activity("L1", "call", "2026-06-01T09:00:00Z", 10).activity("L1", "email_open", "2026-06-12T15:00:00Z", 0)
        .activity("L2", "meeting", "2026-06-20T10:00:00Z", 30).activity("L4", "call", "2026-07-01T10:00:00Z", 5)
        .event("L1", "/pricing", "2026-06-24T10:00:00Z", false).event("L2", "/", "2026-06-09T10:05:00Z", false)
        .event("L4", "/pricing", "2026-07-10T10:00:00Z", false)
        .write();
    return lake;
  }

  @BeforeAll
  static void nights() {
    nightly = world(dir.resolve("nightly"));
    first = job(nightly).run(plan(D.minusDays(1)));
    second = job(nightly).run(plan(D));
    nightlyTraining = sorted(table(nightly, Table.TRAINING_SET));
    nightlyFeatures = sorted(table(nightly, Table.FEATURES).filter(col("as_of_date").isin(dates(plan(D)))));
    HandMadeLakehouse rebuilt = world(dir.resolve("fresh"));
    fresh = job(rebuilt).run(plan(D));
    freshTraining = sorted(table(rebuilt, Table.TRAINING_SET));
    freshFeatures = sorted(table(rebuilt, Table.FEATURES).filter(col("as_of_date").isin(dates(plan(D)))));
  }

  @Test
  void nightDMinusOneThenDGivesTheSameGoldTablesAsAFreshRunAtD() {
    assertEquals(5, fresh.snapshots());
    assertEquals(freshTraining, nightlyTraining, "training_set");
    assertEquals(freshFeatures, nightlyFeatures, "features of D and its training snapshots");
    assertTrue(nightlyTraining.size() > 5, "rows: " + nightlyTraining.size());
  }

  @Test
  void eachCalendarSnapshotIsComputedOnce() {
    assertEquals(4, first.snapshotsComputed(), "a first run computes the calendar dates in its look-back");
    assertEquals(1, second.snapshotsComputed(), "the next night computes only the date that came round (07-02)");
    assertEquals(5, fresh.snapshotsComputed());
  }

  @Test
  void aStoredSnapshotIsKeptAndItsLabelsFollowTheOpportunities() {
    Row before = featuresOf(nightly, "L2", "2026-06-25");
    // data that arrives late: a page view before the 06-25 snapshot, and a win inside its horizon [06-25, 07-09)
    nightly.event("L2", "/pricing", "2026-06-24T12:00:00Z", false).opportunity("L2", "won", "2026-07-03T00:00:00Z")
        .write();
    FeatureJob.Result again = job(nightly).run(plan(D));
    assertEquals(0, again.snapshotsComputed());
    assertEquals(before, featuresOf(nightly, "L2", "2026-06-25"), "the stored snapshot is not computed again");
    Row labelled = table(nightly, Table.TRAINING_SET)
        .filter(col("lead_id").equalTo("L2").and(col("as_of_date").equalTo(Date.valueOf("2026-06-25")))).first();
    assertEquals(1.0, (double) labelled.getAs("label"), "the label follows the new win");
    assertEquals(8.0, (double) labelled.getAs("days_to_convert"), 1e-9);
  }

  private static Row featuresOf(HandMadeLakehouse lake, String lead, String date) {
    return table(lake, Table.FEATURES)
        .filter(col("lead_id").equalTo(lead).and(col("as_of_date").equalTo(Date.valueOf(date)))).first();
  }

  private static Object[] dates(SnapshotPlan plan) {
    return plan.allDates().stream().map(Date::valueOf).toArray();
  }

  private static Dataset<Row> table(HandMadeLakehouse lake, Table t) {
    return SparkTestSession.get().read().format("delta").load(lake.tables.path(t));
  }

  private static List<Row> sorted(Dataset<Row> d) {
    return d.orderBy("lead_id", "as_of_date").collectAsList();
  }
}
