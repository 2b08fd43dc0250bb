package io.leadscore.ingest.spark;

import static org.apache.spark.sql.functions.*;

import io.leadscore.ingest.Hygiene;
import io.leadscore.ingest.SourceMapping;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Bot flag (user agent or inhuman rate) and IQR capping of engagement columns, on typed silver rows. The fences
 * are those of each day's rows (by the hygiene's {@code rate_time}, else {@code latest_by}): a full export and the
 * daily exports of the same days give the same capped values.
 */
final class AnalyticsHygiene {
  /** Relative error of the quartiles: exact enough for a fence, one pass over the data. */
  static final double QUANTILE_ERROR = 0.001;

  private AnalyticsHygiene() {}

  static Dataset<Row> apply(SourceMapping m, Dataset<Row> typed) {
    Hygiene h = m.hygiene();
    Dataset<Row> out = typed;
    if (h.flagsBots()) {
      Column byAgent = h.userAgentColumn() == null ? lit(false)
          : coalesce(byWords(col(h.userAgentColumn()), h), lit(false));
      Column byRate = lit(false);
      if (h.rateBy() != null) {
        out = out.join(broadcast(busyMinutes(typed, h)), col(h.rateBy()).equalTo(col(RATE_BY))
            .and(minute(h).eqNullSafe(col(RATE_MINUTE))), "left");
        byRate = coalesce(col(BUSY), lit(false));
      }
      out = out.withColumn("is_bot", byAgent.or(byRate)).drop(RATE_BY, RATE_MINUTE, BUSY);
    }
    String time = h.rateTime() != null ? h.rateTime() : m.silver().latestBy();
    boolean byDay = time != null && m.column(time).map(c -> c.type().equals("timestamp")).orElse(false);
    for (String c : h.capIqr()) {
      out = out.withColumn(c + "_raw", col(c));
      // the quartiles from the typed rows, not from the rows with the bot flag's join
      out = byDay ? capByDay(m, out, typed, c, time) : capByFile(m, out, typed, c);
    }
    return out;
  }

  private static final String RATE_BY = "_rate_by";
  private static final String RATE_MINUTE = "_rate_minute";
  private static final String BUSY = "_busy";

  private static Column minute(Hygiene h) {
    return date_trunc("minute", col(h.rateTime()));
  }

  /**
   * The (visitor, minute) pairs with more events than a person can click: counted by an aggregation, which shuffles
   * one partial count per pair, and collected (they are few); a window over the rows instead shuffled and sorted
   * every event of the file. Equal to that window's counts: a null minute is a group of its own.
   */
  private static Dataset<Row> busyMinutes(Dataset<Row> typed, Hygiene h) {
    Dataset<Row> busy = typed.filter(col(h.rateBy()).isNotNull())
        .groupBy(col(h.rateBy()).as(RATE_BY), minute(h).as(RATE_MINUTE)).agg(count(lit(1)).as("_n"))
        .filter(col("_n").gt(h.maxEventsPerMinute())).select(col(RATE_BY), col(RATE_MINUTE), lit(true).as(BUSY));
    return typed.sparkSession().createDataFrame(busy.collectAsList(), busy.schema());
  }

  /** The bot pattern on the agent: as a search of its words in the lower-cased agent when it is only words. */
  static Column byWords(Column agent, Hygiene h) {
    return h.botWords().map(words -> {
      Column lower = lower(agent);
      Column any = lit(false);
      for (String w : words) {
        any = any.or(lower.contains(w));
      }
      return any;
    }).orElseGet(() -> agent.rlike(h.botAgents()));
  }

  /** Capped at the fences of the row's day (date of {@code time} in the session time zone, UTC), from the quartiles of that day's rows. */
  private static Dataset<Row> capByDay(SourceMapping m, Dataset<Row> rows, Dataset<Row> quartilesOf, String c,
                                       String time) {
    double k = m.hygiene().iqrK();
    Column day = to_date(col(time)).as("_fence_day");
    Dataset<Row> perDay = quartilesOf.groupBy(day).agg(percentile_approx(col(c), array(lit(0.25), lit(0.75)),
        lit((int) (1 / QUANTILE_ERROR))).as("_q"));
    // computed once, here (one row per day), not again by every later action over the rows
    Dataset<Row> q = rows.sparkSession().createDataFrame(perDay.collectAsList(), perDay.schema());
    Column q1 = col("_q").getItem(0);
    Column q3 = col("_q").getItem(1);
    Column lo = q1.minus(q3.minus(q1).multiply(k));
    Column hi = q3.plus(q3.minus(q1).multiply(k));
    // one row per day: small enough to send to every task
    Dataset<Row> joined = rows.join(broadcast(q), to_date(col(time)).equalTo(col("_fence_day")), "left");
    return joined.withColumn(c, when(col(c).isNull().or(col("_q").isNull()), col(c))
            .otherwise(capped(m, c, lo, hi)))
        .drop("_fence_day", "_q");
  }

  private static Dataset<Row> capByFile(SourceMapping m, Dataset<Row> rows, Dataset<Row> quartilesOf, String c) {
    double[] q = quartilesOf.stat().approxQuantile(c, new double[] {0.25, 0.75}, QUANTILE_ERROR);
    if (q.length != 2) {
      return rows;
    }
    double[] fence = Hygiene.fences(q[0], q[1], m.hygiene().iqrK());
    return rows.withColumn(c, when(col(c).isNull(), col(c)).otherwise(capped(m, c, lit(fence[0]), lit(fence[1]))));
  }

  private static Column capped(SourceMapping m, String c, Column lo, Column hi) {
    String type = m.column(c).orElseThrow().type();
    Column v = type.equals("double") ? least(greatest(col(c), lo), hi) : least(greatest(col(c), ceil(lo)), floor(hi));
    return v.cast(type);
  }
}
