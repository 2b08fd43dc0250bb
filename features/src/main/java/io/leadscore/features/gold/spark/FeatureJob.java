package io.leadscore.features.gold.spark;

import static io.leadscore.core.Columns.AS_OF_DATE;
import static io.leadscore.core.Columns.CLOSED_AT;
import static io.leadscore.core.Columns.LABEL;
import static io.leadscore.core.Columns.LEAD_ID;
import static org.apache.spark.sql.functions.*;

import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.features.catalog.Catalogs;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.spark.GoldFiles;
import io.leadscore.ingest.consent.spark.Consent;
import io.leadscore.features.gold.GoldSettings;
import io.leadscore.features.gold.LeakageReport;
import io.leadscore.features.gold.SnapshotPlan;
import io.leadscore.features.gold.StoredRefresh;
import io.leadscore.features.gold.RefreshState;
import io.leadscore.ingest.SourceMapping;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the gold layer for a batch date: {@code features} for D and every training snapshot of the calendar
 * not stored yet (replacing exactly those dates), and {@code training_set}: the training snapshots with their labels
 * ("converted within horizon_days after D") and days-to-convert, opted-out leads excluded. Then runs the
 * leakage guard on the training set and leaves the catalogue and the leakage report beside the tables
 * ({@link GoldFiles}).
 */
public final class FeatureJob {
  /**
   * What a features run wrote.
   *
   * @param refresh what the refresh of the stored snapshots did
   */
  public record Result(long featureRowsToday, long trainingRows, int snapshots, double positiveRate,
                       LeakageReport leakage, String catalogVersion, int snapshotsComputed, StoredRefresh refresh) {
    Result computed(int n, StoredRefresh r) {
      return new Result(featureRowsToday, trainingRows, snapshots, positiveRate, leakage, catalogVersion, n, r);
    }
  }

  private final SparkSession spark;
  private final Tables tables;
  private final FeatureCatalog catalog;
  private final GoldSettings settings;
  private boolean rebuild;

  public FeatureJob(SparkSession spark, Tables tables, FeatureCatalog catalog) {
    this(spark, tables, catalog, GoldSettings.defaults());
  }

  public FeatureJob(SparkSession spark, Tables tables, FeatureCatalog catalog, GoldSettings settings) {
    this.spark = spark;
    this.tables = tables;
    this.catalog = catalog;
    this.settings = settings;
  }

  /**
   * Computes every snapshot of the plan again, even those already stored (e.g. after late data that should
   * reach past snapshots, or to prove the point-in-time rule); by default a stored snapshot is kept.
   */
  public FeatureJob rebuildingSnapshots() {
    this.rebuild = true;
    return this;
  }

  /**
   * D's features, plus the training snapshots of the plan's calendar that are not stored yet (all of them on
   * a first run, none on most nights, or all when the stored ones were built with another catalogue); then
   * the training set from the stored snapshots, relabelled (labels depend only on opportunities).
   */
  public Result run(SnapshotPlan plan) {
    List<LocalDate> window = plan.trainingDates();
    List<LocalDate> compute = new ArrayList<>(List.of(plan.batchDate()));
    Set<LocalDate> stored = rebuild || !sameCatalogueStored() ? Set.of() : storedDates(window);
    window.stream().filter(d -> !stored.contains(d)).forEach(compute::add);
    AttributeRefresh refresh = new AttributeRefresh(spark, tables, catalog, settings);
    Optional<RefreshState> prior = refresh.prior(); // before tonight's write, which it does not describe
    Dataset<Row> features = new FeatureBuilder(spark, tables, catalog, settings).build(compute);
    writeFeatures(features, compute);
    StoredRefresh refreshed = refresh.run(window.stream().filter(stored::contains).toList(), window, prior);
    Dataset<Row> snapshots = read(Table.FEATURES).filter(col(AS_OF_DATE).isin(
        window.stream().map(Date::valueOf).toArray()));
    Dataset<Row> labelled = label(withoutOptedOut(snapshots), plan.horizonDays());
    Result r = finish(catalog, labelled, plan.batchDate(), window.size());
    return r.computed(compute.size() - 1, refreshed);
  }

  private boolean sameCatalogueStored() {
    String path = GoldFiles.catalogPath(tables);
    return GoldFiles.read(path).map(j -> Catalogs.fromJson(j, path).version().equals(catalog.version()))
        .orElse(false);
  }

  /** The dates among {@code dates} that the features table holds (a partition column: only those dates' files are listed). */
  private Set<LocalDate> storedDates(List<LocalDate> dates) {
    if (dates.isEmpty() || !DeltaTable.isDeltaTable(spark, tables.path(Table.FEATURES))) {
      return Set.of();
    }
    Set<LocalDate> out = new HashSet<>();
    for (Row r : read(Table.FEATURES).filter(col(AS_OF_DATE).isin(dates.stream().map(Date::valueOf).toArray()))
        .select(AS_OF_DATE).distinct().collectAsList()) {
      out.add(r.getDate(0).toLocalDate());
    }
    return out;
  }

  /**
   * The static labelled export path: one snapshot at the batch date; the training set is every row with its
   * outcome as label; {@code features} (what scoring reads) holds the rows whose outcome is still 0.
   */
  public Result runLabelled(SourceMapping mapping, LocalDate date) {
    LabelledFeatures lf = new LabelledFeatures(spark, tables, mapping, settings);
    Dataset<Row> silver = lf.silver();
    FeatureCatalog learned = lf.learnCatalog(silver);
    Dataset<Row> rows = lf.build(silver, learned, date);
    writeFeatures(rows.filter(col(LABEL).equalTo(0.0)).drop(LABEL, "days_to_convert"), List.of(date));
    return finish(learned, withoutOptedOut(rows), date, 1);
  }

  private Result finish(FeatureCatalog used, Dataset<Row> labelled, LocalDate date, int snapshots) {
    labelled.coalesce(4).write().format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true")
        .save(tables.path(Table.TRAINING_SET));
    Dataset<Row> ts = read(Table.TRAINING_SET);
    Row stats = ts.agg(count(lit(1)), avg(LABEL)).first();
    long negatives = stats.isNullAt(1) ? 0 : Math.round(stats.getLong(0) * (1 - stats.getDouble(1)));
    LeakageReport leakage = LeakageGuard.check(ts, used, settings.leakageAucThreshold(), settings.leakageNegatives(),
        negatives);
    GoldFiles.write(GoldFiles.catalogPath(tables), Catalogs.toJson(used));
    LeakageGuard.save(tables, leakage);
    long today = read(Table.FEATURES).filter(col(AS_OF_DATE).equalTo(lit(Date.valueOf(date)))).count();
    return new Result(today, stats.getLong(0), snapshots, stats.isNullAt(1) ? 0 : stats.getDouble(1), leakage,
        used.version(), snapshots, StoredRefresh.NONE);
  }

  private void writeFeatures(Dataset<Row> features, List<LocalDate> dates) {
    String in = dates.stream().map(d -> "'" + d + "'").collect(Collectors.joining(", "));
    // mergeSchema: a lakehouse built with an older catalogue gains the new feature columns (null in old dates)
    onePerCore(features, spark.sparkContext().defaultParallelism()).write().format("delta").mode(SaveMode.Overwrite)
        .partitionBy(AS_OF_DATE).option("mergeSchema", "true")
        .option("replaceWhere", "as_of_date IN (" + in + ")")
        .save(tables.path(Table.FEATURES));
  }

  /**
   * Each date's rows split over {@code cores} tasks by lead, so the table holds one file per date and core. A date in
   * one file is one Parquet row group, which Spark reads as one task: every later reader of tonight's features
   * (scoring's tier pass, the monitor's drift counts) ran on one core. A fixed count, because adaptive execution
   * coalesces a small date's shuffle partitions back into one.
   */
  static Dataset<Row> onePerCore(Dataset<Row> features, int cores) {
    return features.repartition(Math.max(1, cores), col(AS_OF_DATE), col(LEAD_ID));
  }

  private Dataset<Row> withoutOptedOut(Dataset<Row> snapshots) {
    return snapshots.join(Consent.optedOut(spark, tables, snapshots), new String[] {LEAD_ID, AS_OF_DATE},
        "left_anti");
  }

  /** label = 1 when the lead has a won opportunity closed in [D, D + horizon); days_to_convert from D. */
  Dataset<Row> label(Dataset<Row> snapshots, int horizonDays) {
    Dataset<Row> wins = read(Table.OPPORTUNITIES)
        .filter(ClosedLeads.won())
        .groupBy(LEAD_ID).agg(min(CLOSED_AT).as("won_at"));
    Dataset<Row> s = snapshots.join(wins, new String[] {LEAD_ID}, "left");
    var start = col(AS_OF_DATE).cast("timestamp");
    var inHorizon = col("won_at").geq(start).and(col("won_at").lt(date_add(col(AS_OF_DATE), horizonDays)
        .cast("timestamp")));
    return s.withColumn(LABEL, when(inHorizon, 1.0).otherwise(0.0))
        .withColumn("days_to_convert", when(inHorizon,
            col("won_at").cast("long").minus(start.cast("long")).divide(86400.0)))
        .drop("won_at");
  }

  private Dataset<Row> read(Table t) {
    return spark.read().format("delta").load(tables.path(t));
  }
}
