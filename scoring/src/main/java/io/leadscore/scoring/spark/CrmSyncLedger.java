package io.leadscore.scoring.spark;

import static io.leadscore.core.Columns.ACTION;
import static io.leadscore.core.Columns.LEAD_ID;
import static io.leadscore.core.Columns.MODEL_VERSION;
import static io.leadscore.core.Columns.REASONS;
import static io.leadscore.core.Columns.SCORE;
import static io.leadscore.core.Columns.SCORE_DATE;
import static io.leadscore.core.Columns.TIER;
import static org.apache.spark.sql.functions.*;

import io.delta.tables.DeltaTable;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.scoring.sink.CrmSink.ScoreUpdate;
import io.leadscore.scoring.sink.UpdateBatch;
import io.leadscore.scoring.writeback.Writeback;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The writeback's bookkeeping in two Delta tables. {@code crm_sync}: per lead, the last value the CRM
 * confirmed (a score, or a clear with its reason), its score date and model version, and the key and run
 * that delivered it. {@code crm_pending}: the batches written before sending and not confirmed yet, with
 * their keys, so a crash or a failure is converged by re-sending them as they were.
 */
final class CrmSyncLedger implements Writeback.Ledger {
  /**
   * One update's columns, the same in both tables and in this order: the value the CRM confirmed (crm_sync) or
   * is yet to confirm (crm_pending).
   */
  private static final List<StructField> UPDATE = List.of(new StructType()
      .add(LEAD_ID, DataTypes.StringType, false)
      .add(SCORE, DataTypes.IntegerType, true)
      .add(TIER, DataTypes.StringType, true)
      .add(REASONS, DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add(MODEL_VERSION, DataTypes.StringType, true)
      .add(SCORE_DATE, DataTypes.DateType, true)
      .add("cleared_reason", DataTypes.StringType, true).fields());
  /** The update's action: it came later, so crm_sync has it last (see {@link #sync()}), crm_pending after the rest. */
  private static final StructField ACTION_FIELD = DataTypes.createStructField(ACTION, DataTypes.StringType, true);
  static final StructType SCHEMA = schema(UPDATE, List.of(
      DataTypes.createStructField("batch_key", DataTypes.StringType, false),
      DataTypes.createStructField("run_id", DataTypes.StringType, false),
      DataTypes.createStructField("delivered_at", DataTypes.TimestampType, false), ACTION_FIELD));
  static final StructType PENDING = schema(List.of(
      DataTypes.createStructField("seq", DataTypes.IntegerType, false),
      DataTypes.createStructField("batch_key", DataTypes.StringType, false),
      DataTypes.createStructField("pos", DataTypes.IntegerType, false)), UPDATE, List.of(ACTION_FIELD,
      DataTypes.createStructField("run_id", DataTypes.StringType, false),
      DataTypes.createStructField("written_at", DataTypes.TimestampType, false)));

  private final SparkSession spark;
  private final String path;
  private final String pendingPath;
  private final String runId;
  private boolean migrated;

  CrmSyncLedger(SparkSession spark, Tables tables, String runId) {
    this.spark = spark;
    this.path = tables.path(Table.CRM_SYNC);
    this.pendingPath = tables.path(Table.CRM_PENDING);
    this.runId = runId;
  }

  /** Whether crm_sync exists yet. */
  boolean exists() {
    return DeltaTable.isDeltaTable(spark, path);
  }

  /** crm_sync, upgraded once from the layout without score date and clears (those columns null = unknown). */
  Dataset<Row> sync() {
    Dataset<Row> t = spark.read().format("delta").load(path);
    if (!migrated && !Arrays.asList(t.columns()).contains(SCORE_DATE)) {
      Dataset<Row> up = t.select(col(LEAD_ID), col(SCORE).cast("int"), col(TIER), col(REASONS),
          col(MODEL_VERSION), lit(null).cast("date").as(SCORE_DATE), lit(null).cast("string")
              .as("cleared_reason"), col("batch_key"), col("run_id"), col("delivered_at"),
          lit(null).cast("string").as(ACTION));
      spark.createDataFrame(up.javaRDD(), SCHEMA).write().format("delta").mode(SaveMode.Overwrite)
          .option("overwriteSchema", "true").save(path);
      t = spark.read().format("delta").load(path);
    } else if (!migrated && !Arrays.asList(t.columns()).contains(ACTION)) {
      // a ledger from before actions were delivered: the column is added empty (unknown), so every lead with an
      // action is sent once more and the CRM gets its action
      spark.sql("ALTER TABLE delta.`" + path.replace("`", "``") + "` ADD COLUMNS (action STRING)");
      t = spark.read().format("delta").load(path);
    }
    migrated = true;
    return t;
  }

  /**
   * A ScoreUpdate from the columns lead_id, score, tier, reasons, model_version, score_date, cleared_reason,
   * action.
   */
  static ScoreUpdate update(Row r, int at) {
    return new ScoreUpdate(r.getString(at), r.isNullAt(at + 1) ? null : r.getInt(at + 1), r.getString(at + 2),
        r.getList(at + 3), r.getString(at + 4), r.isNullAt(at + 5) ? null : r.getDate(at + 5).toLocalDate(),
        r.getString(at + 6), r.getString(at + 7));
  }

  /**
   * Of these leads, those the CRM may still show a score of: in a batch that is not confirmed yet (it may have
   * been applied), or confirmed with a score rather than a clear.
   */
  java.util.Set<String> notCleared(java.util.Collection<String> leadIds) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    java.util.Set<String> asked = java.util.Set.copyOf(leadIds);
    pending().forEach(b -> b.updates().stream().map(ScoreUpdate::leadId).filter(asked::contains).forEach(out::add));
    if (exists()) {
      Dataset<Row> ids = spark.createDataset(List.copyOf(asked), org.apache.spark.sql.Encoders.STRING())
          .toDF("_lead");
      sync().filter(col("cleared_reason").isNull()).join(broadcast(ids), col(LEAD_ID).equalTo(col("_lead")),
          "left_semi").select(LEAD_ID).collectAsList().forEach(r -> out.add(r.getString(0)));
    }
    return out;
  }

  @Override
  public List<UpdateBatch> pending() {
    if (!DeltaTable.isDeltaTable(spark, pendingPath)) {
      return List.of();
    }
    Map<String, List<ScoreUpdate>> byKey = new LinkedHashMap<>();
    for (Row r : spark.read().format("delta").load(pendingPath).orderBy("seq", "pos")
        .select("batch_key", LEAD_ID, SCORE, TIER, REASONS, MODEL_VERSION, SCORE_DATE, "cleared_reason",
            ACTION)
        .collectAsList()) {
      byKey.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(update(r, 1));
    }
    List<UpdateBatch> out = new ArrayList<>();
    byKey.forEach((k, u) -> out.add(new UpdateBatch(k, u)));
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
      for (int pos = 0; pos < b.size(); pos++) {
        ScoreUpdate u = b.updates().get(pos);
        rows.add(RowFactory.create(seq, b.key(), pos, u.leadId(), u.score(), u.tier(),
            u.reasons().toArray(new String[0]), u.modelVersion(), date(u), u.clearReason(), u.action(), runId, now));
      }
    }
    spark.createDataFrame(rows, PENDING).coalesce(1).write().format("delta").mode(SaveMode.Overwrite)
        .save(pendingPath);
  }

  /**
   * Records confirmed updates. A confirmed value never replaces one with a newer score date (a late
   * confirmation of an older pending batch cannot make crm_sync claim an older value than the CRM holds).
   */
  @Override
  public void record(List<UpdateBatch> confirmed) {
    Timestamp now = Timestamp.from(Instant.now());
    // one row per lead (a MERGE refuses two source rows for one target row): the last confirmed wins
    Map<String, Row> rows = new LinkedHashMap<>();
    for (UpdateBatch b : confirmed) {
      for (ScoreUpdate u : b.updates()) {
        rows.put(u.leadId(), RowFactory.create(u.leadId(), u.score(), u.tier(), u.reasons().toArray(new String[0]),
            u.modelVersion(), date(u), u.clearReason(), b.key(), runId, now, u.action()));
      }
    }
    Dataset<Row> df = spark.createDataFrame(new ArrayList<>(rows.values()), SCHEMA);
    if (!DeltaTable.isDeltaTable(spark, path)) {
      df.write().format("delta").mode("append").save(path);
      return;
    }
    sync();
    DeltaTable.forPath(spark, path).as("t").merge(df.as("u"), "t.lead_id = u.lead_id")
        .whenMatched("t.score_date IS NULL OR u.score_date IS NULL OR u.score_date >= t.score_date").updateAll()
        .whenNotMatched().insertAll().execute();
  }

  /**
   * Moves the confirmed score date of these leads forward to {@code date} (never back), sending nothing: the
   * batch date found their confirmed value unchanged, so the CRM's value is current as of that date and no
   * backfill of an older date may replace it. The value, its key and the run that delivered it stay.
   *
   * @param leads lead_id of leads whose confirmed value is unchanged
   */
  void confirmUnchanged(Dataset<Row> leads, java.time.LocalDate date) {
    if (leads.isEmpty()) {
      return;
    }
    Date d = Date.valueOf(date);
    DeltaTable.forPath(spark, path).as("t").merge(leads.select(col(LEAD_ID).as("u_lead_id")).distinct().as("u"),
            "t.lead_id = u.u_lead_id")
        .whenMatched("t.score_date IS NULL OR t.score_date < DATE'" + d + "'")
        .updateExpr(Map.of(SCORE_DATE, "DATE'" + d + "'"))
        .execute();
  }

  private static Date date(ScoreUpdate u) {
    return u.scoreDate() == null ? null : Date.valueOf(u.scoreDate());
  }

  @SafeVarargs
  private static StructType schema(List<StructField>... parts) {
    return new StructType(Arrays.stream(parts).flatMap(List::stream).toArray(StructField[]::new));
  }
}
