package io.leadscore.monitoring.spark;

import static io.leadscore.core.Columns.CLOSED_AT;
import static io.leadscore.core.Columns.LEAD_ID;
import static io.leadscore.core.Columns.MODEL_VERSION;
import static io.leadscore.core.Columns.PROBABILITY;
import static io.leadscore.core.Columns.SCORE_DATE;
import static io.leadscore.core.Columns.TIER;
import static org.apache.spark.sql.functions.*;

import io.delta.tables.DeltaTable;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.features.gold.spark.ClosedLeads;
import io.leadscore.monitoring.MonitorSettings;
import io.leadscore.monitoring.PerformanceRow;
import io.leadscore.monitoring.RealisedPerformance;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Realised performance: for each score date whose label horizon has closed by the batch date (and that no
 * other night evaluated yet), the scores delivered that day against the outcomes known now (a lead converted
 * when it has an opportunity won within {@code [score date, score date + horizon)}, the training label's
 * definition). Rows are keyed by score date and model version, and carry the night that evaluated them, so
 * re-running a night replaces exactly what it wrote.
 */
final class PerformanceTable {
  static final StructType SCHEMA = new StructType()
      .add(SCORE_DATE, DataTypes.DateType, false)
      .add(MODEL_VERSION, DataTypes.StringType, false)
      .add("evaluated_on", DataTypes.DateType, false)
      .add("n", DataTypes.LongType, false)
      .add("positives", DataTypes.LongType, false)
      .add("auc", DataTypes.DoubleType, true)
      .add("precision_at_20", DataTypes.DoubleType, true)
      .add("lift", DataTypes.DoubleType, true)
      .add("baseline_auc", DataTypes.DoubleType, true)
      .add("tier_rows", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), false)
      .add("tier_expected", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType), false)
      .add("tier_observed", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType), false);

  private final SparkSession spark;
  private final Tables tables;

  PerformanceTable(SparkSession spark, Tables tables) {
    this.spark = spark;
    this.tables = tables;
  }

  /** Why realised performance cannot be measured here (no outcomes table); empty when it can. */
  Optional<String> unavailable() {
    return DeltaTable.isDeltaTable(spark, tables.path(Table.OPPORTUNITIES)) ? Optional.empty()
        : Optional.of("no opportunities table at " + tables.path(Table.OPPORTUNITIES) + ": realised performance "
            + "needs outcomes (a static labelled export has none after its load)");
  }

  /**
   * Evaluates the closed score dates not yet evaluated by another night, writes them, and returns them.
   *
   * @param baselineAuc model version -> its holdout AUC
   */
  List<PerformanceRow> evaluate(LocalDate date, int horizonDays, MonitorSettings.Performance s,
                                Function<String, Double> baselineAuc) {
    LocalDate lastClosed = date.minusDays(horizonDays);
    LocalDate first = lastClosed.minusDays(s.lookbackDays());
    Dataset<Row> scores = spark.read().format("delta").load(tables.path(Table.LEAD_SCORES))
        .filter(col(SCORE_DATE).between(lit(Date.valueOf(first)), lit(Date.valueOf(lastClosed))));
    TreeSet<LocalDate> dates = new TreeSet<>();
    scores.select(SCORE_DATE).distinct().collectAsList().forEach(r -> dates.add(r.getDate(0).toLocalDate()));
    // a score date another night evaluated stays as that night left it: tonight's rerun replaces only its own
    existing().filter(col("evaluated_on").notEqual(lit(Date.valueOf(date)))).select(SCORE_DATE).distinct()
        .collectAsList().forEach(r -> dates.remove(r.getDate(0).toLocalDate()));
    List<PerformanceRow> out = new ArrayList<>();
    if (dates.isEmpty()) {
      // nothing closed tonight: write only when a rerun must take back what this night wrote before
      if (existing().filter(col("evaluated_on").equalTo(lit(Date.valueOf(date)))).limit(1).count() > 0) {
        write(date, out);
      }
      return out;
    }
    Dataset<Row> won = spark.read().format("delta").load(tables.path(Table.OPPORTUNITIES))
        .filter(ClosedLeads.won()).select(col(LEAD_ID), col(CLOSED_AT));
    for (LocalDate d : dates) {
      Dataset<Row> day = scores.filter(col(SCORE_DATE).equalTo(lit(Date.valueOf(d))));
      Dataset<Row> converted = won.filter(col(CLOSED_AT).geq(lit(Date.valueOf(d)).cast("timestamp"))
              .and(col(CLOSED_AT).lt(lit(Date.valueOf(d.plusDays(horizonDays))).cast("timestamp"))))
          .select(LEAD_ID).distinct().withColumn("_converted", lit(1.0));
      Dataset<Row> labelled = day.join(converted, new String[] {LEAD_ID}, "left")
          .select(col(MODEL_VERSION), col(PROBABILITY), coalesce(col("_converted"), lit(0.0)).as("y"),
              col(TIER));
      long n = labelled.count();
      if (n > s.maxRowsPerDate()) {
        labelled = labelled.sample(false, Math.min(1.0, 1.1 * s.maxRowsPerDate() / n), 13L).limit(s.maxRowsPerDate());
      }
      Map<String, List<Row>> byVersion = labelled.collectAsList().stream()
          .collect(Collectors.groupingBy(r -> r.getString(0), java.util.TreeMap::new, Collectors.toList()));
      byVersion.forEach((version, rows) -> out.add(RealisedPerformance.of(d.toString(), version,
          rows.stream().mapToDouble(r -> r.getDouble(1)).toArray(),
          rows.stream().mapToDouble(r -> r.getDouble(2)).toArray(),
          rows.stream().map(r -> r.getString(3)).toArray(String[]::new), baselineAuc.apply(version))));
    }
    write(date, out);
    return out;
  }

  /** Every row of the table, oldest score date first (the trend the report shows). */
  List<PerformanceRow> all() {
    return existing().orderBy(SCORE_DATE, MODEL_VERSION).collectAsList().stream().map(r -> new PerformanceRow(
        r.getDate(0).toString(), r.getString(1), r.getLong(3), r.getLong(4),
        new PerformanceRow.Ranking(dbl(r, 5), dbl(r, 6), dbl(r, 7)), dbl(r, 8),
        new PerformanceRow.TierCalibration(r.getJavaMap(10), r.getJavaMap(11), r.getJavaMap(9)))).toList();
  }

  private static double dbl(Row r, int i) {
    return r.isNullAt(i) ? Double.NaN : r.getDouble(i);
  }

  private Dataset<Row> existing() {
    String path = tables.path(Table.PERFORMANCE);
    return DeltaTable.isDeltaTable(spark, path) ? spark.read().format("delta").load(path)
        : spark.createDataFrame(List.of(), SCHEMA);
  }

  /** Replaces the rows this night evaluated (a rerun leaves the same table). */
  private void write(LocalDate date, List<PerformanceRow> rows) {
    List<Row> data = rows.stream().map(p -> RowFactory.create(Date.valueOf(p.scoreDate()), p.modelVersion(),
        Date.valueOf(date), p.n(), p.positives(), nan(p.auc()), nan(p.precisionAt20()), nan(p.lift()),
        nan(p.baselineAuc()), p.tierRows(), p.tierExpected(), p.tierObserved())).toList();
    spark.createDataFrame(data, SCHEMA).write().format("delta").mode(SaveMode.Overwrite)
        .option("replaceWhere", "evaluated_on = '" + date + "'").save(tables.path(Table.PERFORMANCE));
  }

  private static Double nan(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
