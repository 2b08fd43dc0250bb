package io.leadscore.features.gold;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.features.catalog.spark.GoldFiles;
import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables.Table;
import io.leadscore.ingest.Reconciliation;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.gold.spark.FeatureJob;
import io.leadscore.features.gold.spark.LeakageGuard;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureJobTest {
  @TempDir
  static Path dir;
  static PipelineFixture f;

  @BeforeAll
  static void build() {
    f = PipelineFixture.build(dir, 1500);
  }

  private Dataset<Row> table(Table t) {
    return SparkTestSession.get().read().format("delta").load(f.tables.path(t));
  }

  @Test
  void ingestReconcilesAndQuarantinesMalformedRows() {
    for (Reconciliation r : f.ingest) {
      assertTrue(r.holds(), r.line());
    }
    Reconciliation leads = f.ingest.stream().filter(r -> r.source().equals("leads")).findFirst().orElseThrow();
    // 1500 leads, 2 malformed (i % 997 == 13), 15 exported twice (i % 101 == 7)
    assertEquals(1515, leads.received());
    assertEquals(2, leads.quarantined());
    assertEquals(1498, table(Table.LEADS).count(), "duplicates collapse to one row per lead");
    Row q = table(Table.QUARANTINE).filter(col("source").equalTo("leads")).orderBy("row_number").first();
    assertEquals("created_at", q.getAs("field"));
    assertEquals("type:timestamp", q.getAs("rule"));
  }

  @Test
  void reingestingTheSameFilesChangesNothing() {
    long bronze = table(Table.BRONZE_EVENTS).count();
    long silver = table(Table.EVENTS).count();
    var again = f.ingest();
    assertTrue(again.stream().allMatch(Reconciliation::skipped));
    assertEquals(bronze, table(Table.BRONZE_EVENTS).count());
    assertEquals(silver, table(Table.EVENTS).count());
  }

  @Test
  void trainingSetHasLabelsAndNoFutureSnapshots() {
    Dataset<Row> ts = table(Table.TRAINING_SET);
    assertTrue(f.features.trainingRows() > 1000, "rows: " + f.features.trainingRows());
    double rate = f.features.positiveRate();
    assertTrue(rate > 0.02 && rate < 0.5, "positive rate " + rate);
    assertEquals(0, ts.filter(col("as_of_date").gt(java.sql.Date.valueOf(PipelineFixture.DATE.minusDays(30))))
        .count(), "a snapshot is used only once its horizon has passed");
    assertEquals(0, ts.filter(col("label").equalTo(1.0).and(col("days_to_convert").geq(30))).count());
  }

  @Test
  void featuresForTheBatchDateCoverOpenLeadsOnly() {
    assertTrue(f.features.featureRowsToday() > 100);
    Dataset<Row> today = table(Table.FEATURES).filter(col("as_of_date").equalTo(java.sql.Date.valueOf(PipelineFixture.DATE)));
    assertEquals(today.count(), today.select("lead_id").distinct().count(), "one row per lead");
  }

  @Test
  void twoRunsForTheSameDateGiveIdenticalTables() {
    List<Row> features = sorted(table(Table.FEATURES));
    List<Row> training = sorted(table(Table.TRAINING_SET));
    FeatureJob.Result again = new FeatureJob(SparkTestSession.get(), f.tables, FeatureCatalog.standard())
        .run(new SnapshotPlan(PipelineFixture.DATE, 30, 14, 196));
    assertEquals(f.features.trainingRows(), again.trainingRows());
    assertEquals(features, sorted(table(Table.FEATURES)), "features table");
    assertEquals(training, sorted(table(Table.TRAINING_SET)), "training_set table");
    assertEquals(f.features.leakage(), again.leakage());
  }

  @Test
  void leakageReportCoversTheFeaturesAndIsPersisted() {
    var report = f.features.leakage();
    assertTrue(FeatureCatalog.standard().names().containsAll(report.auc().keySet()));
    assertTrue(report.auc().keySet().containsAll(List.of("pricing_views_30d", "page_views_90d", "seniority",
        "industry_affinity", "response_latency_hours")), report.auc().toString());
    report.auc().values().forEach(a -> assertTrue(a >= 0.5 && a <= 1, report.auc().toString()));
    assertEquals(f.features.trainingRows(), report.rows());
    assertEquals(report, LeakageGuard.read(f.tables).orElseThrow());
    assertEquals(FeatureCatalog.standard().version(),
        GoldFiles.catalogForRun(io.leadscore.core.config.LeadscoreConfig.defaults(java.util.Map.of()), f.tables).version());
  }

  @Test
  void theLeakageGuardReadsEveryPositiveAndASeededSampleOfTheNegatives() {
    Dataset<Row> ts = table(Table.TRAINING_SET);
    long positives = ts.filter(col("label").equalTo(1.0)).count();
    long negatives = ts.count() - positives;
    FeatureCatalog catalog = FeatureCatalog.standard();
    LeakageReport all = LeakageGuard.check(ts, catalog, 0.95);
    assertEquals(all, LeakageGuard.check(ts, catalog, 0.95, negatives, negatives), "a cap above the negatives: all");
    LeakageReport sampled = LeakageGuard.check(ts, catalog, 0.95, negatives / 4, negatives);
    long read = sampled.rows() - positives;
    assertTrue(read > negatives / 8 && read < negatives / 2, read + " of " + negatives + " negatives read");
    assertEquals(sampled, LeakageGuard.check(ts, catalog, 0.95, negatives / 4, negatives), "the same sample every run");
    assertEquals(all.auc().keySet(), sampled.auc().keySet());
    // a quarter of the negatives and every positive: the AUCs move by sampling noise only
    all.auc().forEach((k, a) -> assertEquals(a, sampled.auc().get(k), 0.08, k));
  }

  private static List<Row> sorted(Dataset<Row> d) {
    return d.orderBy("lead_id", "as_of_date").collectAsList();
  }
}
