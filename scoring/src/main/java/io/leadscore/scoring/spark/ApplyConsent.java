package io.leadscore.scoring.spark;

import static io.leadscore.core.Columns.AS_OF_DATE;
import static io.leadscore.core.Columns.LEAD_ID;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.ingest.consent.spark.Consent;
import io.leadscore.scoring.ScoringSettings;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Scoring step 2: the batch date's feature rows a lead may be profiled for. Consent is taken as of the run
 * (every change ingested so far), not as of the batch date.
 */
final class ApplyConsent {
  /**
   * The batch date's features, and who of them may be scored.
   *
   * @param optedOut lead_id, as_of_date: opted out as of the batch date
   * @param blocked  lead_id, reason: may not be profiled now (cached: {@link #release()} when done)
   * @param eligible the feature rows of leads neither opted out nor blocked
   */
  record EligibleLeads(Dataset<Row> features, Dataset<Row> optedOut, Dataset<Row> blocked, Dataset<Row> eligible) {
    /** Leads with features that were left out for consent. */
    Dataset<Row> noConsent() {
      return features.select(LEAD_ID).join(blocked, new String[] {LEAD_ID}, "left_semi")
          .union(optedOut.select(LEAD_ID)).distinct();
    }

    void release() {
      blocked.unpersist();
    }
  }

  private final SparkSession spark;
  private final Tables tables;
  private final String keyColumn;

  ApplyConsent(SparkSession spark, Tables tables, String keyColumn) {
    this.spark = spark;
    this.tables = tables;
    this.keyColumn = keyColumn;
  }

  EligibleLeads run(LocalDate date, ScoringSettings s) {
    Dataset<Row> features = spark.read().format("delta").load(tables.path(Table.FEATURES))
        .filter(col(AS_OF_DATE).equalTo(lit(Date.valueOf(date))));
    Dataset<Row> optedOut = Consent.optedOut(spark, tables, features.select(LEAD_ID, AS_OF_DATE));
    // every consent change ingested up to now counts, not only those before D: an opt-out received since
    // midnight is honoured by this run (features of D still use consent as of D, for point-in-time)
    Dataset<Row> blocked = Consent.blockedAtRun(spark, tables,
        SilverLeads.read(spark, tables, keyColumn).select(LEAD_ID), Instant.now(),
        s.consentMaxAgeDays()).cache();
    Dataset<Row> eligible = features.join(optedOut, new String[] {LEAD_ID, AS_OF_DATE}, "left_anti")
        .join(blocked.select(LEAD_ID), new String[] {LEAD_ID}, "left_anti");
    return new EligibleLeads(features, optedOut, blocked, eligible);
  }
}
