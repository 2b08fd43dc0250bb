package io.leadscore.training.errors;

/**
 * The one place training builds its exceptions: every message names the bad value and the way out, and
 * wraps the engine or I/O failure it came from.
 */
public final class TrainingErrors {
  private TrainingErrors() {}

  public static TrainingException of(String format, Object... args) {
    return new TrainingException(String.format(format, args));
  }

  public static TrainingException wrap(String message, Throwable cause) {
    return new TrainingException(message, cause);
  }

  /** "'key' is value but must be rule": a setting out of its range. */
  public static TrainingException mustBe(String key, Object value, String rule) {
    return of("'%s' is %s but must be %s", key, value, rule);
  }

  /** "Cannot action: cause": a file, folder or serialisation step that failed. */
  public static TrainingException cannot(String action, Throwable cause) {
    return wrap("Cannot " + action + ": " + cause.getMessage(), cause);
  }
}
