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

  /** A case-insensitive alternation of plain words: {@code (?i)(bot|crawler|curl/)}, nothing a regex engine must run. */
  private static final java.util.regex.Pattern WORDS = java.util.regex.Pattern.compile(
      "\\(\\?i\\)\\(([a-z0-9/_-]+(\\|[a-z0-9/_-]+)*)\\)");

  /**
   * The bot pattern as the lower-case words it matches anywhere in a user agent, when it is a case-insensitive
   * alternation of plain words (the default is): a user agent is then a bot when its lower case contains one of
   * them, a byte search instead of a regex tried at every position of every agent. Empty for any other pattern,
   * which runs as the regex it is.
   */
  public java.util.Optional<List<String>> botWords() {
    if (botAgents == null) {
      return java.util.Optional.empty();
    }
    java.util.regex.Matcher m = WORDS.matcher(botAgents);
    if (!m.matches()) {
      return java.util.Optional.empty();
    }
    List<String> words = List.of(m.group(1).split("\\|"));
    // the only non-ASCII letters whose lower case holds an ASCII one: the Kelvin sign (k) and the dotted capital I
    // (i and a combining dot); (?i) matches ASCII letters only, so a word with a k, or ending in i, stays a regex
    boolean same = words.stream().noneMatch(w -> w.contains("k") || w.endsWith("i"));
    return same ? java.util.Optional.of(words) : java.util.Optional.empty();
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
