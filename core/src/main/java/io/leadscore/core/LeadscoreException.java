package io.leadscore.core;

/**
 * The one exception type users see: its message names the bad value and the way out.
 * Engine failures (Spark, Delta, XGBoost, HTTP) are wrapped with the stage, table or run they concern.
 */
public class LeadscoreException extends RuntimeException {
  public LeadscoreException(String message) {
    super(message);
  }

  public LeadscoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public static LeadscoreException of(String format, Object... args) {
    return new LeadscoreException(String.format(format, args));
  }
}
