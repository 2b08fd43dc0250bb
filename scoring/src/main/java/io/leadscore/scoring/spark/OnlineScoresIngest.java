package io.leadscore.scoring.spark;

import static io.leadscore.core.Columns.ARM;
import static io.leadscore.core.Columns.LEAD_ID;
import static io.leadscore.core.Columns.MODEL_VERSION;
import static io.leadscore.core.Columns.PROBABILITY;
import static io.leadscore.core.Columns.REASONS;
import static io.leadscore.core.Columns.SCORE;
import static io.leadscore.core.Columns.TIER;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_timestamp;

import io.delta.tables.DeltaTable;
import io.leadscore.core.CoreErrors;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The nightly's step that moves {@code leadscore serve}'s prediction log into the Delta table
 * {@code online_scores}: every complete {@code *.jsonl} file (a file still being written has a {@code .tmp} name and
 * is left for the next night) is MERGEd on (request_id, position), then deleted. A crash between the commit and the
 * deletes only re-reads files whose rows are already in: the MERGE inserts nothing twice. Erasure covers the table
 * like every table with a {@code lead_id}.
 */
public final class OnlineScoresIngest {
  static final StructType SCHEMA = new StructType()
      .add("logged_at", DataTypes.StringType)
      .add("request_id", DataTypes.StringType)
      .add("position", DataTypes.IntegerType)
      .add(LEAD_ID, DataTypes.StringType)
      .add(PROBABILITY, DataTypes.DoubleType)
      .add(SCORE, DataTypes.IntegerType)
      .add(TIER, DataTypes.StringType)
      .add(REASONS, DataTypes.createArrayType(DataTypes.StringType))
      .add("model_name", DataTypes.StringType)
      .add(MODEL_VERSION, DataTypes.StringType)
      .add(ARM, DataTypes.StringType)
      .add("feature_date", DataTypes.StringType)
      .add("source", DataTypes.StringType)
      .add("latency_ms", DataTypes.DoubleType);

  private OnlineScoresIngest() {}

  /** Rows ingested from the log files found (0 when serve wrote none). */
  public static long run(SparkSession spark, Tables tables) {
    Path dir = new Path(tables.predictionLogDir());
    List<Path> files = new ArrayList<>();
    FileSystem fs;
    try {
      fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(dir)) {
        return 0;
      }
      for (FileStatus f : fs.listStatus(dir)) {
        if (f.isFile() && f.getPath().getName().endsWith(".jsonl") && !f.getPath().getName().startsWith(".")) {
          files.add(f.getPath());
        }
      }
    } catch (IOException e) {
      throw CoreErrors.wrap("Cannot list the prediction log at " + dir + ": " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      return 0;
    }
    Dataset<Row> rows = spark.read().schema(SCHEMA).json(files.stream().map(Path::toString).toArray(String[]::new))
        .filter(col("request_id").isNotNull())
        .withColumn("logged_at", to_timestamp(col("logged_at")))
        .withColumn("feature_date", to_date(col("feature_date")))
        .withColumn("logged_date", to_date(col("logged_at")))
        .dropDuplicates("request_id", "position");
    long n = rows.count();
    String path = tables.path(Table.ONLINE_SCORES);
    if (!DeltaTable.isDeltaTable(spark, path)) {
      rows.write().format("delta").partitionBy("logged_date").save(path);
    } else {
      DeltaTable.forPath(spark, path).as("t")
          .merge(rows.as("s"), "t.request_id = s.request_id AND t.position = s.position")
          .whenNotMatched().insertAll().execute();
    }
    for (Path f : files) {
      try {
        fs.delete(f, false);
      } catch (IOException e) {
        // left for the next night, whose MERGE skips its rows
        org.slf4j.LoggerFactory.getLogger(OnlineScoresIngest.class).warn("could not delete {}: {}", f,
            e.getMessage());
      }
    }
    return n;
  }
}
