package io.leadscore.scoring.spark;

import static io.leadscore.core.Columns.LEAD_ID;
import static io.leadscore.core.Columns.MODEL_VERSION;
import static io.leadscore.core.Columns.REASONS;
import static io.leadscore.core.Columns.SCORE;
import static io.leadscore.core.Columns.TIER;
import static org.apache.spark.sql.functions.*;

import io.leadscore.core.Tables;
import io.leadscore.scoring.sink.CrmSink;
import io.leadscore.scoring.writeback.Writeback;
import io.leadscore.scoring.writeback.WritebackSettings;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The CRM writeback of a run, over {@code crm_sync} and the pending ledger: score changes, and clears for
 * leads that may no longer be profiled. Also the way other commands (e.g. {@code erase}) clear leads in the
 * CRM, so every update to the CRM goes through the same effectively-once bookkeeping.
 */
public final class CrmWriteback {
  private static final StructType SCORES = new StructType().add(LEAD_ID, DataTypes.StringType)
      .add(SCORE, DataTypes.IntegerType).add(TIER, DataTypes.StringType)
      .add(REASONS, DataTypes.createArrayType(DataTypes.StringType)).add(MODEL_VERSION, DataTypes.StringType);

  /**
   * What a delivery did, in leads. {@code changed}: score changes computed this run; {@code cleared}: clears
   * computed this run; {@code heldBack}: changes not sent because the CRM holds a value of a newer score date.
   */
  public record Result(Writeback.Report report, long changed, long cleared, long heldBack) {}

  private final SparkSession spark;
  private final Tables tables;
  private final WritebackSettings settings;
  private final String runId;

  public CrmWriteback(SparkSession spark, Tables tables, WritebackSettings settings, String runId) {
    this.spark = spark;
    this.tables = tables;
    this.settings = settings;
    this.runId = runId;
  }

  /**
   * Re-sends what an earlier run left pending, then sends the batch date's changes.
   *
   * @param scores  the batch date's scores: lead_id, score, tier, reasons, model_version
   * @param blocked leads that may not be profiled now (lead_id, reason): cleared where a score was delivered
   */
  public Result deliver(CrmSink sink, LocalDate date, Dataset<Row> scores, Dataset<Row> blocked) {
    CrmSyncLedger ledger = new CrmSyncLedger(spark, tables, runId);
    CrmChanges changes = new CrmChanges(spark, ledger);
    long[] counts = new long[3];
    List<Dataset<Row>> cached = new ArrayList<>();
    try {
      Writeback.Report report = new Writeback(settings.checkpointBatches(), settings.errorBudget())
          .deliver(stillPending -> {
            CrmChanges.Changes c = changes.changes(scores, blocked, date, stillPending);
            Dataset<Row> toSend = c.toSend().cache();
            cached.add(toSend);
            for (Row r : toSend.groupBy(col("cleared_reason").isNull()).count().collectAsList()) {
              counts[r.getBoolean(0) ? 0 : 1] += r.getLong(1);
            }
            counts[2] = c.heldBack();
            // after the changes are counted (and cached): confirming leaves every change to send as it was
            ledger.confirmUnchanged(c.unchangedOlder(), date);
            return CrmChanges.updates(toSend);
          }, sink, ledger);
      return new Result(report, counts[0], counts[1], counts[2]);
    } finally {
      cached.forEach(Dataset::unpersist);
    }
  }

  /**
   * Clears the given leads in the CRM (score, tier and reasons empty, with the reason, e.g. "opted out"),
   * where a score of theirs was ever delivered and not cleared yet; recorded in {@code crm_sync}, so each lead
   * is cleared exactly once. Batches an earlier run left pending are re-sent first, as in every delivery.
   *
   * @param date the date the clear is recorded with (a later backfill never sends an older score over it)
   */
  public Result clear(CrmSink sink, Collection<String> leadIds, String reason, LocalDate date) {
    if (reason == null || reason.isBlank()) {
      // guard: the callers pass a fixed reason ("erased", "retention")
      throw new IllegalArgumentException("a CRM clear needs a reason, e.g. \"opted out\"");
    }
    Dataset<Row> blocked = spark.createDataset(List.copyOf(Set.copyOf(leadIds)), Encoders.STRING())
        .toDF(LEAD_ID).withColumn("reason", lit(reason));
    return deliver(sink, date, spark.createDataFrame(List.of(), SCORES), blocked);
  }

  /**
   * Of these leads, those the CRM may still show a score of after a {@link #clear}: still in an unconfirmed
   * batch (its re-send failed), or confirmed with a score (the clear failed). Empty when every clear landed.
   */
  public Set<String> notCleared(Collection<String> leadIds) {
    return new CrmSyncLedger(spark, tables, runId).notCleared(leadIds);
  }
}
