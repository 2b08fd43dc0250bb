package io.leadscore.scoring.spark;

import static io.leadscore.core.Columns.LEAD_ID;
import static io.leadscore.core.Columns.REP_ID;
import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.scoring.sink.CrmSink.OwnerUpdate;
import io.leadscore.scoring.sink.UpdateBatch;
import io.leadscore.scoring.writeback.Writeback;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The owners' delivery bookkeeping, as {@link CrmSyncLedger} is the scores': {@code crm_owner_sync} holds per lead
 * the owner the CRM confirmed (rep, assignment date, reason, the key and run that delivered it) and {@code as_of},
 * the latest routing date that found it current; {@code crm_owner_pending} the owner batches written before sending
 * and not confirmed yet. A confirmation never moves {@code as_of} back: an older routing date is never current over
 * a newer one.
 */
final class CrmOwnerLedger implements Writeback.Ledger {
  static final StructType SYNC = new StructType()
      .add(LEAD_ID, DataTypes.StringType, false)
      .add(REP_ID, DataTypes.StringType, false)
      .add("assigned_on", DataTypes.DateType, false)
      .add("reason", DataTypes.StringType, false)
      .add("as_of", DataTypes.DateType, false)
      .add("batch_key", DataTypes.StringType, false)
      .add("run_id", DataTypes.StringType, false)
      .add("delivered_at", DataTypes.TimestampType, false);
  static final StructType PENDING = new StructType()
      .add("seq", DataTypes.IntegerType, false)
      .add("batch_key", DataTypes.StringType, false)
      .add("pos", DataTypes.IntegerType, false)
      .add(LEAD_ID, DataTypes.StringType, false)
      .add(REP_ID, DataTypes.StringType, false)
      .add("assigned_on", DataTypes.DateType, false)
      .add("reason", DataTypes.StringType, false)
      .add("run_id", DataTypes.StringType, false)
      .add("written_at", DataTypes.TimestampType, false);

  private final SparkSession spark;
  private final String path;
  private final String pendingPath;
  private final String runId;

  CrmOwnerLedger(SparkSession spark, Tables tables, String runId) {
    this.spark = spark;
    this.path = tables.path(Table.CRM_OWNER_SYNC);
    this.pendingPath = tables.path(Table.CRM_OWNER_PENDING);
    this.runId = runId;
  }

  /** crm_owner_sync, empty when no owner was confirmed yet. */
  Dataset<Row> sync() {
    return DeltaTable.isDeltaTable(spark, path) ? spark.read().format("delta").load(path)
        : spark.createDataFrame(List.of(), SYNC);
  }

  @Override
  public List<UpdateBatch> pending() {
    if (!DeltaTable.isDeltaTable(spark, pendingPath)) {
      return List.of();
    }
    Map<String, List<OwnerUpdate>> byKey = new LinkedHashMap<>();
    for (Row r : spark.read().format("delta").load(pendingPath).orderBy("seq", "pos")
        .select("batch_key", LEAD_ID, REP_ID, "assigned_on", "reason").collectAsList()) {
      byKey.computeIfAbsent(r.getString(0), k -> new ArrayList<>())
          .add(new OwnerUpdate(r.getString(1), r.getString(2), r.getDate(3).toLocalDate(), r.getString(4)));
    }
    List<UpdateBatch> out = new ArrayList<>();
    byKey.forEach((k, o) -> out.add(new UpdateBatch(k, List.of(), o)));
    return out;
  }

  @Override
  public void savePending(List<UpdateBatch> batches) {
    if (batches.isEmpty() && !DeltaTable.isDeltaTable(spark, pendingPath)) {
      return;
    }
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    for (int seq = 0; seq < batches.size(); seq++) {
      UpdateBatch b = batches.get(seq);
      for (int pos = 0; pos < b.owners().size(); pos++) {
        OwnerUpdate o = b.owners().get(pos);
        rows.add(RowFactory.create(seq, b.key(), pos, o.leadId(), o.repId(), Date.valueOf(o.assignedOn()),
            o.reason(), runId, now));
      }
    }
    spark.createDataFrame(rows, PENDING).coalesce(1).write().format("delta").mode(SaveMode.Overwrite)
        .save(pendingPath);
  }

  /** Records confirmed owners; one never replaces an owner current as of a newer routing date. */
  @Override
  public void record(List<UpdateBatch> confirmed) {
    Timestamp now = Timestamp.from(Instant.now());
    Map<String, Row> rows = new LinkedHashMap<>();
    for (UpdateBatch b : confirmed) {
      for (OwnerUpdate o : b.owners()) {
        Date d = Date.valueOf(o.assignedOn());
        rows.put(o.leadId(), RowFactory.create(o.leadId(), o.repId(), d, o.reason(), d, b.key(), runId, now));
      }
    }
    Dataset<Row> df = spark.createDataFrame(new ArrayList<>(rows.values()), SYNC);
    if (!DeltaTable.isDeltaTable(spark, path)) {
      df.write().format("delta").mode("append").save(path);
      return;
    }
    DeltaTable.forPath(spark, path).as("t").merge(df.as("u"), "t.lead_id = u.lead_id")
        .whenMatched("u.as_of >= t.as_of").updateAll().whenNotMatched().insertAll().execute();
  }

  /**
   * The routing date found these leads with the owner the CRM already shows: that owner is current as of
   * {@code date} (moved forward, never back), so a later route of an older date cannot replace it.
   *
   * @param leads lead_id
   */
  void confirmCurrent(Dataset<Row> leads, LocalDate date) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return;
    }
    DeltaTable.forPath(spark, path).as("t")
        .merge(leads.select(col(LEAD_ID).as("u_lead_id")).distinct().as("u"), "t.lead_id = u.u_lead_id")
        .whenMatched("t.as_of < DATE'" + date + "'").updateExpr(Map.of("as_of", "DATE'" + date + "'")).execute();
  }
}
