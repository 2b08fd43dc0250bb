package io.leadscore.scoring.spark;

import static io.leadscore.core.Columns.LEAD_ID;
import static io.leadscore.core.Columns.REP_ID;
import static org.apache.spark.sql.functions.col;

import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.scoring.sink.CrmSink;
import io.leadscore.scoring.sink.CrmSink.OwnerUpdate;
import io.leadscore.scoring.writeback.Writeback;
import io.leadscore.scoring.writeback.WritebackSettings;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Delivers a routing date's owners to the CRM through the scores' machinery ({@link Writeback}: pending batches
 * first under their keys, new batches in the pending ledger before sending, confirmed ones recorded), with its own
 * ledger ({@link CrmOwnerLedger}). What is sent: each lead the date <em>assigned</em> to a rep other than the owner
 * the CRM already shows. A re-run of the date finds the same owners confirmed and sends nothing; a lead whose
 * confirmed owner is current as of a newer routing date is held back (a backfill never overwrites a newer owner).
 * A lead the date found with the owner the CRM shows (kept, or assigned to the same rep) makes that owner current
 * as of the date.
 */
public final class CrmOwnerWriteback {
  /**
   * What a delivery did, in leads: {@code changed} owners computed this run, {@code heldBack} not sent because the
   * CRM's owner is current as of a newer routing date.
   */
  public record Result(Writeback.Report report, long changed, long heldBack) {}

  private final SparkSession spark;
  private final Tables tables;
  private final WritebackSettings settings;
  private final String runId;

  public CrmOwnerWriteback(SparkSession spark, Tables tables, WritebackSettings settings, String runId) {
    this.spark = spark;
    this.tables = tables;
    this.settings = settings;
    this.runId = runId;
  }

  /** Re-sends what an earlier run left pending, then the owners {@code assignments} holds for {@code date}. */
  public Result deliver(CrmSink sink, LocalDate date) {
    CrmOwnerLedger ledger = new CrmOwnerLedger(spark, tables, runId);
    long[] counts = new long[2];
    Writeback.Report report = new Writeback(settings.checkpointBatches(), settings.errorBudget())
        .deliver(stillPending -> {
          List<Writeback.Change> changes = new ArrayList<>();
          List<String> current = new ArrayList<>();
          counts[1] = decide(decisions(ledger, date), date, stillPending, changes, current);
          counts[0] = changes.size();
          if (!current.isEmpty()) {
            ledger.confirmCurrent(spark.createDataset(current, Encoders.STRING()).toDF(LEAD_ID), date);
          }
          return changes.iterator();
        }, sink, ledger);
    return new Result(report, counts[0], counts[1]);
  }

  /** The date's owners (assigned or kept) beside the CRM's confirmed owner, by lead id. */
  private List<Row> decisions(CrmOwnerLedger ledger, LocalDate date) {
    Dataset<Row> a = spark.read().format("delta").load(tables.path(Table.ASSIGNMENTS))
        .filter(col("date").equalTo(Date.valueOf(date)).and(col(REP_ID).isNotNull())
            .and(col("outcome").isin("assigned", "kept")))
        .select(LEAD_ID, "outcome", REP_ID, "reason");
    Dataset<Row> c = ledger.sync().select(col(LEAD_ID).as("c_lead_id"), col(REP_ID).as("c_rep_id"),
        col("as_of").as("c_as_of"), col("batch_key").as("c_key"));
    return a.join(c, col(LEAD_ID).equalTo(col("c_lead_id")), "left")
        .select(LEAD_ID, "outcome", REP_ID, "reason", "c_rep_id", "c_as_of", "c_key").orderBy(LEAD_ID)
        .collectAsList();
  }

  /**
   * Sorts the date's decisions (lead_id, outcome, rep_id, reason, confirmed rep, its as-of date, its key) into
   * owners to send and owners found current; returns how many were held back for a newer confirmed owner. Leads
   * still in a pending batch are left alone (their owner is on its way).
   */
  static long decide(List<Row> decisions, LocalDate date, Set<String> stillPending, List<Writeback.Change> send,
                     List<String> current) {
    long heldBack = 0;
    for (Row r : decisions) {
      String lead = r.getString(0);
      if (stillPending.contains(lead)) {
        continue;
      }
      String rep = r.getString(2);
      if (rep.equals(r.getString(4))) {
        if (r.getDate(5).toLocalDate().isBefore(date)) {
          current.add(lead); // already current as of the date or later: nothing to write
        }
      } else if (r.getString(1).equals("assigned")) {
        if (!r.isNullAt(5) && r.getDate(5).toLocalDate().isAfter(date)) {
          heldBack++;
        } else {
          send.add(new Writeback.Change(new OwnerUpdate(lead, rep, date, r.getString(3)),
              r.isNullAt(6) ? "" : r.getString(6)));
        }
      }
    }
    return heldBack;
  }
}
