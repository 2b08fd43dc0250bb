package io.leadscore.features.gold.spark;

import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Smoothed conversion rates per segment (industry, country) as of each snapshot D, from leads whose outcome
 * (first won or lost close) was known strictly before D: (won + m * overall) / (decided + m). Open leads
 * at D are by definition not decided before D, so a lead never sees its own outcome.
 */
final class OutcomeRates {
  private OutcomeRates() {}

  /**
   * Per lead: decided_day and won (1/0) of its first decision.
   *
   * @param opportunities silver opportunities
   */
  static Dataset<Row> decisions(Dataset<Row> opportunities) {
    return opportunities.filter(ClosedLeads.closed())
        .groupBy("lead_id")
        .agg(min(struct(col("closed_at"), ClosedLeads.wonFlag().cast("double")
            .as("won"))).as("first"))
        .select(col("lead_id"), to_date(col("first.closed_at")).as("decided_day"), col("first.won").as("won"));
  }

  /**
   * as_of_date, the segment column and {@code out}: the smoothed rate of that segment.
   *
   * @param segmented decisions joined with the segment column (lead_id, decided_day, won, segment)
   */
  static Dataset<Row> rate(Dataset<Row> segmented, String segment, Dataset<Row> snaps, double m, String out) {
    Dataset<Row> daily = segmented.groupBy(col(segment), col("decided_day"))
        .agg(sum("won").as("w"), count(lit(1)).as("n"));
    Dataset<Row> asOf = daily.crossJoin(broadcast(snaps)).filter(col("decided_day").lt(col("as_of_date")));
    Dataset<Row> overall = asOf.groupBy("as_of_date").agg(sum("w").divide(sum("n")).as("_overall"));
    Column smoothed = col("w").plus(lit(m).multiply(col("_overall"))).divide(col("n").plus(lit(m)));
    return asOf.filter(col(segment).isNotNull()).groupBy("as_of_date", segment)
        .agg(sum("w").as("w"), sum("n").as("n"))
        .join(overall, "as_of_date")
        .select(col("as_of_date"), col(segment), when(col("n").plus(lit(m)).gt(0), smoothed).as(out));
  }

  /** as_of_date, segment, {@code out}: the segment's share of leads created before D. */
  static Dataset<Row> share(Dataset<Row> leads, String segment, Dataset<Row> snaps, String out) {
    Dataset<Row> daily = leads.groupBy(col(segment), to_date(col("created_at")).as("day")).agg(count(lit(1)).as("n"));
    Dataset<Row> asOf = daily.crossJoin(broadcast(snaps)).filter(col("day").lt(col("as_of_date")));
    Dataset<Row> total = asOf.groupBy("as_of_date").agg(sum("n").as("_all"));
    return asOf.filter(col(segment).isNotNull()).groupBy("as_of_date", segment).agg(sum("n").as("n"))
        .join(total, "as_of_date")
        .select(col("as_of_date"), col(segment), col("n").divide(col("_all")).as(out));
  }
}
