package io.leadscore.training.spark;

import static io.leadscore.core.Columns.AS_OF_DATE;
import static io.leadscore.core.Columns.LEAD_ID;
import static org.apache.spark.sql.functions.*;

import io.delta.tables.DeltaTable;
import io.leadscore.training.errors.TrainingErrors;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.training.TrainingSettings;
import io.leadscore.training.TrainingSplit;
import io.leadscore.training.engine.DriverMemory;
import io.leadscore.training.xgb.Rows;
import java.nio.ByteBuffer;
import java.sql.Date;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
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
  /** The columns of {@link Frames#train()}: what the distributed engine trains on. */
  static final String LABEL = io.leadscore.core.Columns.LABEL;
  static final String DAYS = "_days";
  static final String FOLD = "_fold";
  static final String VALID = "_valid";
  static final String CV_PICK = "_cv";

  /** The split, and the same rows as Spark frames ({@link Frames}). */
  public record Loaded(TrainingSplit split, Frames frames) {}

  /**
   * The split as Spark frames: {@code train} and {@code holdout} (features vector, label, days, fold,
   * validation and CV-sample flags) for the distributed engine (null for the native one), and {@code keys}
   * (lead id, holdout flag, fold) for a static export's out-of-fold routes.
   */
  public record Frames(Dataset<Row> train, Dataset<Row> holdout, Dataset<Row> keys) {}

  private TrainingData() {}

  /**
   * Reads and splits the training set. Row counts come first (one aggregation, nothing collected): they
   * decide the engine through {@code memory}, and only then are rows collected (all of them for the
   * native engine, the holdout only for the distributed one).
   */
  public static Loaded load(SparkSession spark, Tables tables, List<String> features, TrainingSettings s,
                           int horizonDays, DriverMemory memory) {
    String path = tables.path(Table.TRAINING_SET);
    if (!DeltaTable.isDeltaTable(spark, path)) {
      throw TrainingErrors.of("No training set at %s: run `leadscore features` for the batch date first", path);
    }
    long version = DeltaTable.forPath(spark, path).history(1).first().getAs("version");
    Dataset<Row> all = spark.read().format("delta").option("versionAsOf", version).load(path);
    List<String> missing = features.stream().filter(f -> !Arrays.asList(all.columns()).contains(f)).toList();
    if (!missing.isEmpty()) {
      throw TrainingErrors.of("training_set at %s (version %d) lacks feature column(s) %s: rebuild it with "
          + "`leadscore features`", path, version, missing);
    }
    List<Date> dates = all.select(AS_OF_DATE).distinct().orderBy(col(AS_OF_DATE).desc())
        .as(Encoders.DATE()).collectAsList();
    if (dates.isEmpty()) {
      throw TrainingErrors.of("training_set at %s is empty", path);
    }
    Column holdout;
    Column inTrain;
    String kind;
    String trainTo;
    String holdoutFrom;
    if (dates.size() > s.cv().holdoutSnapshots()) {
      Date from = dates.get(s.cv().holdoutSnapshots() - 1);
      // a training snapshot's label window [D, D + horizon) must close before the holdout starts
      Date until = Date.valueOf(from.toLocalDate().minusDays(horizonDays));
      holdout = col(AS_OF_DATE).geq(from);
      inTrain = col(AS_OF_DATE).leq(until);
      kind = "out_of_time";
      trainTo = until.toString();
      holdoutFrom = from.toString();
    } else {
      holdout = bucket(s.cv().seed() + 17).lt(s.cv().holdoutFraction() * 10_000);
      inTrain = not(holdout);
      kind = TrainingSplit.Window.LEAD_HASH;
      trainTo = dates.get(0).toString();
      holdoutFrom = dates.get(0).toString();
    }
    Column days = Arrays.asList(all.columns()).contains("days_to_convert")
        ? coalesce(col("days_to_convert").cast("double"), lit(Double.NaN)) : lit(Double.NaN);
    Column[] values = features.stream().map(f -> coalesce(col(f).cast("double"), lit(Double.NaN))).toArray(Column[]::new);
    Dataset<Row> prepared = all
        .withColumn(FOLD, pmod(xxhash64(col(LEAD_ID), lit(s.cv().seed())), lit(s.cv().folds())).cast("int"))
        .withColumn(VALID, bucket(s.cv().seed() + 31).lt(s.cv().validationFraction() * 10_000))
        .withColumn(CV_PICK, bucket(s.cv().seed() + 47).lt(s.engine().cvFraction() * 10_000))
        .withColumn("_holdout", holdout).withColumn("_train", inTrain)
        .filter(col("_holdout").or(col("_train")))
        .select(col(LEAD_ID), col(AS_OF_DATE), col("_holdout"), col(LABEL).cast("double").as(LABEL),
            days.as(DAYS), col(FOLD), col(VALID), col(CV_PICK), array(values).as("_x"));

    // counts first: the engine is chosen before a single row reaches the driver
    long trainRows = 0;
    long trainPositives = 0;
    long holdoutRows = 0;
    for (Row r : prepared.groupBy("_holdout").agg(count(lit(1)), sum(col(LABEL))).collectAsList()) {
      long n = r.getLong(1);
      if (r.getBoolean(0)) {
        holdoutRows = n;
      } else {
        trainRows = n;
        trainPositives = r.isNullAt(2) ? 0 : Math.round(r.getDouble(2));
      }
    }
    if (trainRows == 0 || holdoutRows == 0) {
      throw TrainingErrors.of("Empty split of training_set (%s): %d training rows, %d holdout rows (%s). "
          + "Widen leadscore.snapshots.lookback_days or lower leadscore.training.holdout_snapshots.", path,
          trainRows, holdoutRows, kind);
    }
    int cols = features.size();
    DriverMemory.Choice choice = memory.choose(s.engine().engine(), trainRows + holdoutRows, cols, s.cv().folds());
    String from = dates.get(dates.size() - 1).toString();
    if (!choice.distributed()) {
      Rows[] both = collect(prepared, cols, trainRows, holdoutRows);
      return new Loaded(new TrainingSplit(both[0], both[1], trainRows, trainPositives,
          new TrainingSplit.Window(kind, from, trainTo, holdoutFrom), version, choice),
          new Frames(null, null, keys(prepared)));
    }
    if (!memory.holdoutFits(holdoutRows, cols)) {
      throw TrainingErrors.of("The holdout of training_set (%d rows x %d features, %s) is scored on the driver even "
          + "with engine = distributed, and needs about %d MiB there, more than half its heap: give the driver more "
          + "heap, or hold out less (leadscore.training.holdout_snapshots / holdout_fraction)", holdoutRows, cols, kind,
          DriverMemory.holdoutBytes(holdoutRows, cols) >> 20);
    }
    Rows holdoutOnDriver = collect(prepared.filter(col("_holdout")), cols, 0, holdoutRows)[1];
    Column vector = org.apache.spark.ml.functions.array_to_vector(col("_x")).as(FeatureVectors.COLUMN);
    Dataset<Row> trainFrame = prepared.filter(not(col("_holdout")))
        .select(col(LABEL), col(DAYS), col(FOLD), col(VALID), col(CV_PICK), vector);
    Dataset<Row> holdoutFrame = prepared.filter(col("_holdout"))
        .select(col(LABEL), col(DAYS), col(FOLD), col(VALID), col(CV_PICK), vector);
    return new Loaded(new TrainingSplit(null, holdoutOnDriver, trainRows, trainPositives,
        new TrainingSplit.Window(kind, from, trainTo, holdoutFrom), version, choice),
        new Frames(trainFrame, holdoutFrame, keys(prepared)));
  }

  /**
   * Which lead each row is, whether it is held out, and its CV fold: the out-of-fold routes of a static
   * export are written from it on the executors, so no lead id list is collected to the driver.
   */
  private static Dataset<Row> keys(Dataset<Row> prepared) {
    return prepared.select(col(LEAD_ID).cast("string").as(LEAD_ID), col("_holdout"), col(FOLD));
  }

  /** A stable bucket 0..9999 of the lead id. */
  private static Column bucket(long seed) {
    return pmod(xxhash64(col(LEAD_ID), lit(seed)), lit(10_000));
  }

  /**
   * Training and holdout rows on the driver, in a fixed order (the same table version and seed give the
   * same model). Each row travels packed as one byte array (floats, not boxed doubles), so collecting
   * holds about one more copy of the floats, not ten.
   */
  private static Rows[] collect(Dataset<Row> prepared, int cols, long trainRows, long holdoutRows) {
    if (trainRows + holdoutRows > Integer.MAX_VALUE / Math.max(1, cols)) {
      throw TrainingErrors.of("%d rows x %d features is too many cells for one driver array: set "
          + "leadscore.training.engine = distributed", trainRows + holdoutRows, cols);
    }
    List<byte[]> packed = prepared.orderBy(col(LEAD_ID), col(AS_OF_DATE))
        .map(new Pack(cols), Encoders.BINARY()).collectAsList();
    Rows.Builder train = new Rows.Builder((int) trainRows, cols);
    Rows.Builder hold = new Rows.Builder((int) holdoutRows, cols);
    for (int i = 0; i < packed.size(); i++) {
      ByteBuffer b = ByteBuffer.wrap(packed.get(i));
      packed.set(i, null); // let the packed copy go as the floats fill in
      (b.get() == 1 ? hold : train).add(b);
    }
    return new Rows[] {train.build(), hold.build()};
  }

  /** One row packed: holdout flag, label, days to convert, fold, validation flag, the features as floats. */
  private static final class Pack implements MapFunction<Row, byte[]> {
    private final int cols;

    Pack(int cols) {
      this.cols = cols;
    }

    @Override
    public byte[] call(Row r) {
      ByteBuffer b = ByteBuffer.allocate(Rows.Builder.HEADER_BYTES + 4 * cols);
      b.put((byte) (r.getBoolean(2) ? 1 : 0));
      b.putFloat((float) r.getDouble(3));
      b.putDouble(r.getDouble(4));
      b.putInt(r.getInt(5));
      b.put((byte) (r.getBoolean(6) ? 1 : 0));
      List<Double> v = r.getList(8);
      for (int j = 0; j < cols; j++) {
        b.putFloat(v.get(j).floatValue());
      }
      return b.array();
    }
  }
}
