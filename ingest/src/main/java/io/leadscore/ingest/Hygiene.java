package io.leadscore.ingest;

import java.util.List;

/**
 * Analytics hygiene of a source: which rows are bots (user-agent pattern or an inhuman event rate) and
 * which engagement columns are capped by the IQR rule (the raw value is kept next to the capped one).
 *
 * @param userAgentColumn     column holding the user agent (null: no bot flag)
 * @param botAgents           regex of bot user agents
 * @param rateBy              column grouping events of one visitor, e.g. session_id
 * @param rateTime            timestamp column of the events
 * @param maxEventsPerMinute  more events than this by one visitor within one minute is not a human
 * @param capIqr              numeric columns capped at Q3 + k * IQR (and floored at Q1 - k * IQR)
 * @param iqrK                the k of the IQR rule (1.5 is Tukey's fence)
 */
public record Hygiene(String userAgentColumn, String botAgents, String rateBy, String rateTime,
                      int maxEventsPerMinute, List<String> capIqr, double iqrK) {
  public static final Hygiene NONE = new Hygiene(null, null, null, null, 0, List.of(), 1.5);

  public Hygiene {
    capIqr = List.copyOf(capIqr);
  }

  public boolean flagsBots() {
    return userAgentColumn != null || rateBy != null;
  }

  /** Tukey fences [q1 - k*iqr, q3 + k*iqr]: values outside are capped to the nearest fence. */
  public static double[] fences(double q1, double q3, double k) {
    if (Double.isNaN(q1) || Double.isNaN(q3) || q3 < q1) {
      // guard: the caller passes Spark's approxQuantile of a non-empty column, which is ordered
      throw new IllegalArgumentException("quartiles must be ordered numbers, got q1=" + q1 + ", q3=" + q3);
    }
    double iqr = q3 - q1;
    return new double[] {q1 - k * iqr, q3 + k * iqr};
  }
}
