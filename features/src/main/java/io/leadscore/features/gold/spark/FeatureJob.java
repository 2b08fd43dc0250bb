package io.leadscore.features.gold.spark;

import static org.apache.spark.sql.functions.*;

import io.leadscore.features.Tables;
import io.leadscore.features.Tables.Table;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.consent.spark.Consent;
import io.leadscore.features.gold.SnapshotPlan;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the gold layer for a batch date: {@code features} for D and every training snapshot (replacing
 * exactly those dates), and {@code training_set}: the training snapshots with their labels
 * ("converted within horizon_days after D") and days-to-convert, opted-out leads excluded.
 */
public final class FeatureJob {
  /** What a features run wrote. */
  public record Result(long featureRowsToday, long trainingRows, int snapshots, double positiveRate) {}

  private final SparkSession spark;
  private final Tables tables;
  private final FeatureCatalog catalog;

  public FeatureJob(SparkSession spark, Tables tables, FeatureCatalog catalog) {
    this.spark = spark;
    this.tables = tables;
    this.catalog = catalog;
  }

  public Result run(SnapshotPlan plan) {
    List<LocalDate> dates = plan.allDates();
    Dataset<Row> features = new FeatureBuilder(spark, tables, catalog).build(dates);
    String in = dates.stream().map(d -> "'" + d + "'").collect(Collectors.joining(", "));
    features.repartition(col("as_of_date")).write().format("delta").mode(SaveMode.Overwrite)
        .partitionBy("as_of_date")
        .option("replaceWhere", "as_of_date IN (" + in + ")")
        .save(tables.path(Table.FEATURES));

    Dataset<Row> stored = spark.read().format("delta").load(tables.path(Table.FEATURES));
    long today = stored.filter(col("as_of_date").equalTo(lit(java.sql.Date.valueOf(plan.batchDate())))).count();

    Dataset<Row> snapshots = stored.filter(col("as_of_date").isin(
        plan.trainingDates().stream().map(java.sql.Date::valueOf).toArray()));
    Dataset<Row> labelled = label(snapshots.join(
        Consent.optedOut(spark, tables, snapshots), new String[] {"lead_id", "as_of_date"}, "left_anti"),
        plan.horizonDays());
    labelled.coalesce(4).write().format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true")
        .save(tables.path(Table.TRAINING_SET));

    Row stats = spark.read().format("delta").load(tables.path(Table.TRAINING_SET))
        .agg(count(lit(1)), avg("label")).first();
    return new Result(today, stats.getLong(0), plan.trainingDates().size(), stats.isNullAt(1) ? 0 : stats.getDouble(1));
  }

  /** label = 1 when the lead has a won opportunity closed in [D, D + horizon); days_to_convert from D. */
  Dataset<Row> label(Dataset<Row> snapshots, int horizonDays) {
    Dataset<Row> wins = spark.read().format("delta").load(tables.path(Table.OPPORTUNITIES))
        .filter(lower(col("stage")).equalTo("won").and(col("closed_at").isNotNull()))
        .groupBy("lead_id").agg(min("closed_at").as("won_at"));
    Dataset<Row> s = snapshots.join(wins, new String[] {"lead_id"}, "left");
    var start = col("as_of_date").cast("timestamp");
    var inHorizon = col("won_at").geq(start).and(col("won_at").lt(date_add(col("as_of_date"), horizonDays)
        .cast("timestamp")));
    return s.withColumn("label", when(inHorizon, 1.0).otherwise(0.0))
        .withColumn("days_to_convert", when(inHorizon,
            col("won_at").cast("long").minus(start.cast("long")).divide(86400.0)))
        .drop("won_at");
  }
}
