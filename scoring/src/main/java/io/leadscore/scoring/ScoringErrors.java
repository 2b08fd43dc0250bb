package io.leadscore.scoring;

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

  /** A setting that holds a URL and is not one. */
  public static ScoringException notAUrl(String key, String detail) {
    return of("'%s' is not a URL: %s", key, detail);
  }

  /**
   * A model that would score blind refuses to: names the model, the arm, what is wrong and why it matters,
   * and the ways out.
   */
  public static ScoringException modelRefuses(String model, String arm, String what, String why) {
    return of("Model %s (%s) refuses to score: %s (%s). Way out: restore that input (the "
        + "source column or feature, then `leadscore features` for the date), or `leadscore rollback` to a model "
        + "that does not use it, or train a model on today's catalogue (`leadscore train`)", model, arm, what, why);
  }

  /** No champion in the registry: nothing can score. */
  public static ScoringException noChampion(String modelsDir) {
    return of("No champion model in %s: run `leadscore train` first", modelsDir);
  }
}
