package io.leadscore.scoring.spark;

import static org.apache.spark.sql.functions.*;

import io.delta.tables.DeltaTable;
import io.leadscore.features.Tables;
import io.leadscore.features.Tables.Table;
import io.leadscore.scoring.sink.CrmSink.ScoreUpdate;
import io.leadscore.scoring.sink.UpdateBatch;
import io.leadscore.scoring.writeback.Writeback;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code crm_sync} table: per lead, the last (score, tier, reasons) the CRM confirmed, with the batch key
 * and run that delivered it. Finds the leads whose value changed since, and records confirmed batches.
 */
final class CrmSyncLedger implements Writeback.Ledger {
  static final StructType SCHEMA = new StructType()
      .add("lead_id", DataTypes.StringType, false)
      .add("score", DataTypes.IntegerType, false)
      .add("tier", DataTypes.StringType, false)
      .add("reasons", DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("model_version", DataTypes.StringType, false)
      .add("batch_key", DataTypes.StringType, false)
      .add("run_id", DataTypes.StringType, false)
      .add("delivered_at", DataTypes.TimestampType, false);

  private final SparkSession spark;
  private final String path;
  private final String runId;

  CrmSyncLedger(SparkSession spark, Tables tables, String runId) {
    this.spark = spark;
    this.path = tables.path(Table.CRM_SYNC);
    this.runId = runId;
  }

  /** Scored leads whose score, tier or reasons differ from the last delivered ones, by lead id. */
  Dataset<Row> changed(Dataset<Row> scores) {
    Dataset<Row> s = scores.select("lead_id", "score", "tier", "reasons", "model_version", "action");
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return s.orderBy("lead_id");
    }
    Dataset<Row> c = spark.read().format("delta").load(path).select(col("lead_id").as("c_lead_id"),
        col("score").as("c_score"), col("tier").as("c_tier"), col("reasons").as("c_reasons"));
    Column same = col("score").eqNullSafe(col("c_score")).and(col("tier").eqNullSafe(col("c_tier")))
        .and(col("reasons").eqNullSafe(col("c_reasons")));
    return s.join(c, s.col("lead_id").equalTo(c.col("c_lead_id")), "left")
        .filter(col("c_lead_id").isNull().or(not(same)))
        .select("lead_id", "score", "tier", "reasons", "model_version", "action").orderBy("lead_id");
  }

  static Iterator<ScoreUpdate> updates(Dataset<Row> changed) {
    Iterator<Row> rows = changed.toLocalIterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public ScoreUpdate next() {
        Row r = rows.next();
        return new ScoreUpdate(r.getString(0), r.getInt(1), r.getString(2), r.getList(3), r.getString(4),
            r.getString(5));
      }
    };
  }

  @Override
  public void record(List<UpdateBatch> confirmed) {
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    for (UpdateBatch b : confirmed) {
      for (ScoreUpdate u : b.updates()) {
        rows.add(RowFactory.create(u.leadId(), u.score(), u.tier(), u.reasons().toArray(new String[0]),
            u.modelVersion(), b.key(), runId, now));
      }
    }
    Dataset<Row> df = spark.createDataFrame(rows, SCHEMA);
    if (!DeltaTable.isDeltaTable(spark, path)) {
      df.write().format("delta").mode("append").save(path);
      return;
    }
    DeltaTable.forPath(spark, path).as("t").merge(df.as("u"), "t.lead_id = u.lead_id")
        .whenMatched().updateAll().whenNotMatched().insertAll().execute();
  }
}
