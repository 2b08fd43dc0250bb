package io.leadscore.ingest.spark;

import static org.apache.spark.sql.functions.*;

import io.leadscore.ingest.Hygiene;
import io.leadscore.ingest.SourceMapping;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/** Bot flag (user agent or inhuman rate) and IQR capping of engagement columns, on typed silver rows. */
final class AnalyticsHygiene {
  /** Relative error of the quartiles: exact enough for a fence, one pass over the data. */
  static final double QUANTILE_ERROR = 0.001;

  private AnalyticsHygiene() {}

  static Dataset<Row> apply(SourceMapping m, Dataset<Row> typed) {
    Hygiene h = m.hygiene();
    Dataset<Row> out = typed;
    if (h.flagsBots()) {
      Column byAgent = h.userAgentColumn() == null ? lit(false)
          : coalesce(col(h.userAgentColumn()).rlike(h.botAgents()), lit(false));
      Column byRate = lit(false);
      if (h.rateBy() != null) {
        // more events from one visitor within one minute than a person can click
        Column perMinute = count(lit(1)).over(Window.partitionBy(col(h.rateBy()),
            date_trunc("minute", col(h.rateTime()))));
        byRate = coalesce(col(h.rateBy()).isNotNull().and(perMinute.gt(h.maxEventsPerMinute())), lit(false));
      }
      out = out.withColumn("is_bot", byAgent.or(byRate));
    }
    for (String c : h.capIqr()) {
      double[] q = out.stat().approxQuantile(c, new double[] {0.25, 0.75}, QUANTILE_ERROR);
      out = out.withColumn(c + "_raw", col(c));
      if (q.length == 2) {
        double[] fence = Hygiene.fences(q[0], q[1], h.iqrK());
        String type = m.column(c).orElseThrow().type();
        Column lo = lit(fence[0]);
        Column hi = lit(fence[1]);
        Column capped = type.equals("double") ? least(greatest(col(c), lo), hi)
            : least(greatest(col(c), ceil(lo)), floor(hi));
        out = out.withColumn(c, when(col(c).isNull(), col(c)).otherwise(capped.cast(type)));
      }
    }
    return out;
  }
}
