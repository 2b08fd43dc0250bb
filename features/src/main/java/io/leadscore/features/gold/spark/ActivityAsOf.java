package io.leadscore.features.gold.spark;

import static io.leadscore.core.Columns.AS_OF_DATE;
import static io.leadscore.core.Columns.LEAD_ID;
import static org.apache.spark.sql.functions.*;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Per (lead, D), from the daily roll-up ({@link DailyActivity}), days before D only: the windowed sums, the all-time
 * sums, first and last touch, and the preferred hour (the UTC hour with most touches, the earliest on ties).
 *
 * <p>One join of each lead's days to its dates and one aggregation give all of them: the touches per hour are summed
 * as 24 columns next to the measures. The preferred hour used to take a second read of the roll-up, exploded to one
 * row per hour and shuffled to the leads' dates again (at 1M leads, 30M rows on top of the measures' 21M).
 */
final class ActivityAsOf {
  private static final int HOURS = 24;

  private ActivityAsOf() {}

  /**
   * @param daily the roll-up with its {@code hours} array (lead_id, day, the measures, first_ts, last_ts, hours)
   * @return lead_id, as_of_date, _last_ts, the windowed sums, all_ sums, _first_ts and _preferred_hour of the leads
   *     with days before D
   */
  static Dataset<Row> of(Dataset<Row> leadDates, Dataset<Row> daily) {
    Dataset<Row> joined = leadDates.join(daily.withColumnRenamed(LEAD_ID, "d_lead"),
        col(LEAD_ID).equalTo(col("d_lead")).and(col("day").lt(col(AS_OF_DATE))));
    List<Column> aggs = new ArrayList<>();
    for (String measure : List.of("views", "pricing", "clicks")) {
      for (int days : new int[] {7, 30, 90}) {
        aggs.add(window(measure, days).as(measure + "_" + days));
      }
    }
    aggs.add(window("opens", 30).as("opens_30"));
    for (String measure : List.of("forms", "meetings", "downloads", "videos", "papers")) {
      aggs.add(window(measure, 90).as(measure + "_90"));
    }
    for (String measure : Rollups.MEASURES) {
      aggs.add(sum(measure).as("all_" + measure));
    }
    aggs.add(min("first_ts").as("_first_ts"));
    // a day's hours are few and unique (sorted entries of the day's touches): a map read per hour, absent = 0
    Column byHour = map_from_entries(col("hours"));
    Column[] top = new Column[HOURS];
    String[] sums = new String[HOURS];
    for (int h = 0; h < HOURS; h++) {
      sums[h] = "_h" + h;
      aggs.add(sum(coalesce(element_at(byHour, lit(h)), lit(0L))).as(sums[h]));
      // most touches first, then the earliest hour (the larger negated hour)
      top[h] = struct(col(sums[h]).as("n"), lit(-h).as("neg"));
    }
    Dataset<Row> summed = joined.groupBy(LEAD_ID, AS_OF_DATE)
        .agg(max("last_ts").as("_last_ts"), aggs.toArray(new Column[0]));
    Column best = greatest(top);
    // no touch in any hour (no hours recorded before D): no preferred hour, as when there were no hourly rows
    return summed.withColumn("_preferred_hour", when(best.getField("n").gt(0), negate(best.getField("neg"))))
        .drop(sums);
  }

  private static Column window(String measure, int days) {
    return sum(when(col("day").geq(date_sub(col(AS_OF_DATE), days)), col(measure)).otherwise(0));
  }
}
