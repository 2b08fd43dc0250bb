package io.leadscore.scoring.errors;

/**
 * The one place scoring's user-facing errors are built, so messages that recur (a setting out of range, a
 * model that cannot be loaded or refuses to score) read the same wherever they are thrown.
 */
public final class ScoringErrors {
  private ScoringErrors() {}

  public static ScoringException of(String format, Object... args) {
    return new ScoringException(String.format(format, args));
  }

  /** An engine failure (XGBoost, Spark, I/O) with the context that says what it concerns. */
  public static ScoringException wrap(String message, Throwable cause) {
    return new ScoringException(message, cause);
  }

  /** A whole-number setting below its minimum: "'key' is value but must be >= min". */
  public static ScoringException atLeast(String key, long value, long min) {
    return of("'%s' is %d but must be >= %d", key, value, min);
  }

  /** "'key' is value but must be rule": a setting out of its range. */
  public static ScoringException mustBe(String key, Object value, String rule) {
    return of("'%s' is %s but must be %s", key, value, rule);
  }

  /** A setting that holds a URL and is not one. */
  public static ScoringException notAUrl(String key, String detail) {
    return of("'%s' is not a URL: %s", key, detail);
  }
}
