package io.leadscore.training.spark;

import static org.apache.spark.sql.functions.*;

import io.delta.tables.DeltaTable;
import io.leadscore.features.LeadscoreException;
import io.leadscore.features.Tables;
import io.leadscore.features.Tables.Table;
import io.leadscore.training.TrainingSettings;
import io.leadscore.training.xgb.Rows;
import java.sql.Date;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads {@code training_set} at a pinned Delta version and splits it by lead: CV folds by
 * xxhash64(lead_id) mod k, an early-stopping validation split by a second hash, and the holdout.
 * The holdout is out of time (the latest snapshots, training snapshots whose label window reaches into
 * it left out) when there is more than one snapshot date; with a single date (a static labelled export)
 * it is a share of leads by a third hash, disjoint from the folds by construction.
 */
public final class TrainingData {
  /** The split, collected to the driver, and where it came from. */
  public record Split(Rows train, Rows holdout, String holdoutKind, String trainFrom, String trainTo,
                      String holdoutFrom, long inputVersion, List<String> trainLeads, List<String> holdoutLeads) {
    /** The lead-hash kind: a static export, whose training leads are also the leads that get scored. */
    public static final String LEAD_HASH = "lead_hash";

    /**
     * @param trainLeads   the lead id of each training row, in row order
     * @param holdoutLeads the lead id of each holdout row, in row order
     */
    public Split {
      trainLeads = List.copyOf(trainLeads);
      holdoutLeads = List.copyOf(holdoutLeads);
    }

    /** True for a single-snapshot export (one row per lead), where out-of-fold scores apply. */
    public boolean staticExport() {
      return holdoutKind.equals(LEAD_HASH);
    }

    public String describeHoldout() {
      return holdoutKind.equals("out_of_time")
          ? "out of time: snapshots from " + holdoutFrom + " (training snapshots up to " + trainTo + ")"
          : "lead-hash: a share of leads held out (one snapshot date " + trainTo + ", no out-of-time holdout possible)";
    }
  }

  private TrainingData() {}

  public static Split load(SparkSession spark, Tables tables, List<String> features, TrainingSettings s,
                           int horizonDays) {
    String path = tables.path(Table.TRAINING_SET);
    if (!DeltaTable.isDeltaTable(spark, path)) {
      throw LeadscoreException.of("No training set at %s: run `leadscore features` for the batch date first", path);
    }
    long version = DeltaTable.forPath(spark, path).history(1).first().getAs("version");
    Dataset<Row> all = spark.read().format("delta").option("versionAsOf", version).load(path);
    List<String> missing = features.stream().filter(f -> !Arrays.asList(all.columns()).contains(f)).toList();
    if (!missing.isEmpty()) {
      throw LeadscoreException.of("training_set at %s (version %d) lacks feature column(s) %s: rebuild it with "
          + "`leadscore features`", path, version, missing);
    }
    List<Date> dates = all.select("as_of_date").distinct().orderBy(col("as_of_date").desc())
        .as(Encoders.DATE()).collectAsList();
    if (dates.isEmpty()) {
      throw LeadscoreException.of("training_set at %s is empty", path);
    }
    Column holdout;
    Column inTrain;
    String kind;
    String trainTo;
    String holdoutFrom;
    if (dates.size() > s.holdoutSnapshots()) {
      Date from = dates.get(s.holdoutSnapshots() - 1);
      // a training snapshot's label window [D, D + horizon) must close before the holdout starts
      Date until = Date.valueOf(from.toLocalDate().minusDays(horizonDays));
      holdout = col("as_of_date").geq(from);
      inTrain = col("as_of_date").leq(until);
      kind = "out_of_time";
      trainTo = until.toString();
      holdoutFrom = from.toString();
    } else {
      holdout = bucket(s.seed() + 17).lt(s.holdoutFraction() * 10_000);
      inTrain = not(holdout);
      kind = Split.LEAD_HASH;
      trainTo = dates.get(0).toString();
      holdoutFrom = dates.get(0).toString();
    }
    Column days = Arrays.asList(all.columns()).contains("days_to_convert")
        ? coalesce(col("days_to_convert").cast("double"), lit(Double.NaN)) : lit(Double.NaN);
    Column[] values = features.stream().map(f -> coalesce(col(f).cast("double"), lit(Double.NaN))).toArray(Column[]::new);
    Dataset<Row> prepared = all
        .withColumn("_fold", pmod(xxhash64(col("lead_id"), lit(s.seed())), lit(s.folds())).cast("int"))
        .withColumn("_valid", bucket(s.seed() + 31).lt(s.validationFraction() * 10_000))
        .withColumn("_holdout", holdout).withColumn("_train", inTrain)
        .filter(col("_holdout").or(col("_train")))
        // a fixed row order: the same table version and seed give the same model
        .orderBy(col("lead_id"), col("as_of_date"))
        .select(col("_holdout"), col("label").cast("double"), days, col("_fold"), col("_valid"), array(values),
            col("lead_id").cast("string"));
    List<Row> collected = prepared.collectAsList();
    Rows trainRows = rows(collected, features.size(), false);
    Rows holdoutRows = rows(collected, features.size(), true);
    if (trainRows.rows() == 0 || holdoutRows.rows() == 0) {
      throw LeadscoreException.of("Empty split of training_set (%s): %d training rows, %d holdout rows (%s). "
          + "Widen leadscore.snapshots.lookback_days or lower leadscore.training.holdout_snapshots.", path,
          trainRows.rows(), holdoutRows.rows(), kind);
    }
    return new Split(trainRows, holdoutRows, kind, dates.get(dates.size() - 1).toString(), trainTo, holdoutFrom,
        version, leads(collected, false), leads(collected, true));
  }

  /** A stable bucket 0..9999 of the lead id. */
  private static Column bucket(long seed) {
    return pmod(xxhash64(col("lead_id"), lit(seed)), lit(10_000));
  }

  private static List<String> leads(List<Row> all, boolean holdout) {
    return all.stream().filter(r -> r.getBoolean(0) == holdout).map(r -> r.getString(6)).toList();
  }

  private static Rows rows(List<Row> all, int cols, boolean holdout) {
    int n = (int) all.stream().filter(r -> r.getBoolean(0) == holdout).count();
    float[] x = new float[n * cols];
    float[] y = new float[n];
    double[] days = new double[n];
    int[] fold = new int[n];
    boolean[] valid = new boolean[n];
    int i = 0;
    for (Row r : all) {
      if (r.getBoolean(0) != holdout) {
        continue;
      }
      y[i] = (float) r.getDouble(1);
      days[i] = r.getDouble(2);
      fold[i] = r.getInt(3);
      valid[i] = r.getBoolean(4);
      List<Double> v = r.getList(5);
      for (int j = 0; j < cols; j++) {
        x[i * cols + j] = v.get(j).floatValue();
      }
      i++;
    }
    return new Rows(x, n, cols, y, days, fold, valid);
  }
}
