package io.leadscore.features.gold.spark;

import static io.leadscore.core.Columns.AS_OF_DATE;
import static io.leadscore.core.Columns.CLOSED_AT;
import static io.leadscore.core.Columns.CREATED_AT;
import static io.leadscore.core.Columns.LEAD_ID;
import static org.apache.spark.sql.functions.*;

import io.leadscore.features.gold.LeadFeatures;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Smoothed conversion rates per segment (industry, country) as of each snapshot D, from leads whose outcome
 * (first won or lost close) was known strictly before D: (won + m * overall) / (decided + m). Open leads
 * at D are by definition not decided before D, so a lead never sees its own outcome.
 */
final class OutcomeRates {
  /** The segment values' rounding ({@link LeadFeatures#segmentValue}), applied to the small per-date tables. */
  private static final UserDefinedFunction SEGMENT = udf(
      (UDF1<Double, Double>) LeadFeatures::segmentValue, DataTypes.DoubleType);

  private OutcomeRates() {}

  /**
   * as_of_date, industry, {@code _industry_affinity}: the industry's smoothed rate as of D, a segment value.
   *
   * @param segmented decisions joined with the lead's industry
   */
  static Dataset<Row> industryAffinity(Dataset<Row> segmented, Dataset<Row> snaps, double m) {
    Dataset<Row> r = rate(segmented, "industry", snaps, m, "_rate");
    return r.select(col(AS_OF_DATE), col("industry"), SEGMENT.apply(col("_rate")).as("_industry_affinity"));
  }

  /**
   * as_of_date, country, {@code _geographic}: the country's share of the leads created before D times its smoothed
   * rate as of D, a segment value (missing when either is).
   *
   * @param segmented decisions joined with the lead's country
   */
  static Dataset<Row> geographic(Dataset<Row> segmented, Dataset<Row> leads, Dataset<Row> snaps, double m) {
    return share(leads, "country", snaps, "_share")
        .join(rate(segmented, "country", snaps, m, "_rate"), new String[] {AS_OF_DATE, "country"})
        .select(col(AS_OF_DATE), col("country"), SEGMENT.apply(col("_share").multiply(col("_rate"))).as("_geographic"));
  }

  /**
   * Per lead: decided_day and won (1/0) of its first decision.
   *
   * @param opportunities silver opportunities
   */
  static Dataset<Row> decisions(Dataset<Row> opportunities) {
    return opportunities.filter(ClosedLeads.closed())
        .groupBy(LEAD_ID)
        .agg(min(struct(col(CLOSED_AT), ClosedLeads.wonFlag().cast("double")
            .as("won"))).as("first"))
        .select(col(LEAD_ID), to_date(col("first.closed_at")).as("decided_day"), col("first.won").as("won"));
  }

  /**
   * as_of_date, the segment column and {@code out}: the smoothed rate of that segment.
   *
   * @param segmented decisions joined with the segment column (lead_id, decided_day, won, segment)
   */
  static Dataset<Row> rate(Dataset<Row> segmented, String segment, Dataset<Row> snaps, double m, String out) {
    Dataset<Row> daily = segmented.groupBy(col(segment), col("decided_day"))
        .agg(sum("won").as("w"), count(lit(1)).as("n"));
    Dataset<Row> asOf = daily.crossJoin(broadcast(snaps)).filter(col("decided_day").lt(col(AS_OF_DATE)));
    Dataset<Row> overall = asOf.groupBy(AS_OF_DATE).agg(sum("w").divide(sum("n")).as("_overall"));
    Column smoothed = col("w").plus(lit(m).multiply(col("_overall"))).divide(col("n").plus(lit(m)));
    return asOf.filter(col(segment).isNotNull()).groupBy(AS_OF_DATE, segment)
        .agg(sum("w").as("w"), sum("n").as("n"))
        .join(overall, AS_OF_DATE)
        .select(col(AS_OF_DATE), col(segment), when(col("n").plus(lit(m)).gt(0), smoothed).as(out));
  }

  /** as_of_date, segment, {@code out}: the segment's share of leads created before D. */
  static Dataset<Row> share(Dataset<Row> leads, String segment, Dataset<Row> snaps, String out) {
    Dataset<Row> daily = leads.groupBy(col(segment), to_date(col(CREATED_AT)).as("day")).agg(count(lit(1)).as("n"));
    Dataset<Row> asOf = daily.crossJoin(broadcast(snaps)).filter(col("day").lt(col(AS_OF_DATE)));
    Dataset<Row> total = asOf.groupBy(AS_OF_DATE).agg(sum("n").as("_all"));
    return asOf.filter(col(segment).isNotNull()).groupBy(AS_OF_DATE, segment).agg(sum("n").as("n"))
        .join(total, AS_OF_DATE)
        .select(col(AS_OF_DATE), col(segment), col("n").divide(col("_all")).as(out));
  }
}
