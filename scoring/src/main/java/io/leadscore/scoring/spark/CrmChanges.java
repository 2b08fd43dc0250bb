package io.leadscore.scoring.spark;

import static io.leadscore.core.Columns.ACTION;
import static io.leadscore.core.Columns.LEAD_ID;
import static io.leadscore.core.Columns.MODEL_VERSION;
import static io.leadscore.core.Columns.REASONS;
import static io.leadscore.core.Columns.SCORE;
import static io.leadscore.core.Columns.SCORE_DATE;
import static io.leadscore.core.Columns.TIER;
import static org.apache.spark.sql.functions.*;

import io.leadscore.scoring.writeback.Writeback;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What the writeback sends: the batch date's scores compared with what {@code crm_sync} says the CRM holds,
 * as score changes and clears, in the order and columns the writeback takes them.
 */
final class CrmChanges {
  /** The columns of a change to send, in {@link #updates} order. */
  static final String[] CHANGE = {LEAD_ID, SCORE, TIER, REASONS, MODEL_VERSION, SCORE_DATE,
      "cleared_reason", ACTION, "basis"};

  /**
   * The changes to send, how many newer confirmed values held a change back, and the leads (lead_id) whose
   * confirmed value the batch date found unchanged under an older (or unknown) score date: the batch date
   * confirms them as current.
   */
  record Changes(Dataset<Row> toSend, long heldBack, Dataset<Row> unchangedOlder) {}

  private final SparkSession spark;
  private final CrmSyncLedger ledger;

  CrmChanges(SparkSession spark, CrmSyncLedger ledger) {
    this.spark = spark;
    this.ledger = ledger;
  }

  /**
   * What to send for the batch date {@code date}: every scored lead whose score, tier, reasons or action differ from
   * its confirmed value (or whose confirmed value is a clear), and a clear for every blocked lead whose
   * confirmed value is a score. A change whose confirmed value has a newer score date is held back: a
   * backfill never overwrites what the CRM already holds from a later date.
   *
   * @param scores  lead_id, score, tier, reasons, model_version of the batch date
   * @param blocked lead_id, reason: leads that may not be profiled now
   * @param exclude leads still in a pending batch
   */
  Changes changes(Dataset<Row> scores, Dataset<Row> blocked, LocalDate date, Set<String> exclude) {
    Date d = Date.valueOf(date);
    Dataset<Row> s = scores.select(col(LEAD_ID), col(SCORE).cast("int"), col(TIER), col(REASONS),
        col(MODEL_VERSION).cast("string"), lit(d).as(SCORE_DATE), lit(null).cast("string").as("cleared_reason"),
        (Arrays.asList(scores.columns()).contains(ACTION) ? coalesce(col(ACTION), lit("")) : lit(""))
            .as(ACTION));
    if (!ledger.exists()) {
      return new Changes(without(s.withColumn("basis", lit("")), exclude).select(CHANGE[0], rest())
          .orderBy(LEAD_ID), 0, s.select(LEAD_ID).limit(0));
    }
    Dataset<Row> c = ledger.sync().select(col(LEAD_ID).as("c_lead_id"), col(SCORE).as("c_score"),
        col(TIER).as("c_tier"), col(REASONS).as("c_reasons"), col(SCORE_DATE).as("c_date"),
        col("cleared_reason").as("c_cleared"), coalesce(col(ACTION), lit("")).as("c_action"),
        col("batch_key").as("basis"));
    // the action is what the rep reads next to the score: a changed action alone is a change to send
    Column same = col(SCORE).eqNullSafe(col("c_score")).and(col(TIER).eqNullSafe(col("c_tier")))
        .and(col(REASONS).eqNullSafe(col("c_reasons"))).and(col(ACTION).eqNullSafe(col("c_action")))
        .and(col("c_cleared").isNull());
    Column newer = col("c_date").isNotNull().and(col("c_date").gt(lit(d)));
    Dataset<Row> joined = s.join(c, s.col(LEAD_ID).equalTo(c.col("c_lead_id")), "left");
    // a night that finds the confirmed value unchanged still confirms it as current for its date: without this
    // the value kept an older date, and a backfill of that older date could overwrite it (leads in a pending
    // batch are left alone: their newer value is on its way)
    Dataset<Row> unchangedOlder = without(joined.filter(col("c_lead_id").isNotNull().and(same)
        .and(col("c_date").isNull().or(col("c_date").lt(lit(d))))), exclude).select(LEAD_ID);
    Dataset<Row> differ = joined.filter(col("c_lead_id").isNull().or(not(same)))
        .withColumn("basis", coalesce(col("basis"), lit("")))
        .withColumn("_newer", newer);
    differ = without(differ, exclude);
    long heldBack = differ.filter(col("_newer")).count();
    Dataset<Row> scored = differ.filter(not(col("_newer"))).select(CHANGE[0], rest());
    // a clear never goes backwards in time either: it carries the later of the batch date and the confirmed one
    Dataset<Row> clears = blocked.select(col(LEAD_ID), col("reason"))
        .join(c.filter(col("c_cleared").isNull()), col(LEAD_ID).equalTo(col("c_lead_id")))
        .select(col(LEAD_ID), lit(null).cast("int").as(SCORE), lit(null).cast("string").as(TIER),
            array().cast("array<string>").as(REASONS), lit(null).cast("string").as(MODEL_VERSION),
            greatest(lit(d), coalesce(col("c_date"), lit(d))).as(SCORE_DATE), col("reason").as("cleared_reason"),
            lit("").as(ACTION), col("basis"));
    return new Changes(scored.unionByName(without(clears, exclude)).orderBy(LEAD_ID), heldBack, unchangedOlder);
  }

  private static String[] rest() {
    return Arrays.copyOfRange(CHANGE, 1, CHANGE.length);
  }

  private Dataset<Row> without(Dataset<Row> df, Set<String> exclude) {
    if (exclude.isEmpty()) {
      return df;
    }
    Dataset<Row> ex = spark.createDataset(new ArrayList<>(exclude), Encoders.STRING()).toDF("x_lead_id");
    return df.join(ex, col(LEAD_ID).equalTo(col("x_lead_id")), "left_anti");
  }

  /** The changes as the writeback takes them, in the dataset's order. */
  static Iterator<Writeback.Change> updates(Dataset<Row> changes) {
    Iterator<Row> rows = changes.select(CHANGE[0], rest()).toLocalIterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Writeback.Change next() {
        Row r = rows.next();
        return new Writeback.Change(CrmSyncLedger.update(r, 0), r.getString(8));
      }
    };
  }
}
