package io.leadscore.core.runs.spark;

import io.leadscore.core.Tables;
import io.leadscore.core.runs.JobSummary;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Appends one row per command run to {@code job_runs}: the one table that grows with every run, by design. */
public final class JobRunLog {
  static final StructType SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("command", DataTypes.StringType, false)
      .add("batch_date", DataTypes.DateType, false)
      .add("started_at", DataTypes.TimestampType, false)
      .add("finished_at", DataTypes.TimestampType, false)
      .add("status", DataTypes.StringType, false)
      .add("message", DataTypes.StringType, true)
      .add("summary_json", DataTypes.StringType, false);

  private JobRunLog() {}

  public static void append(SparkSession spark, Tables tables, String command, LocalDate batchDate,
                            Instant started, String status, String message, JobSummary summary) {
    var row = RowFactory.create(UUID.randomUUID().toString(), command, Date.valueOf(batchDate),
        Timestamp.from(started), Timestamp.from(Instant.now()), status, message, summary.toJson());
    spark.createDataFrame(List.of(row), SCHEMA).write().format("delta").mode(SaveMode.Append)
        .save(tables.path(Tables.Table.JOB_RUNS));
  }
}
