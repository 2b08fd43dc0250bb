package io.leadscore.monitoring;

/** The one place monitoring's user-facing errors are built, so recurring messages read the same. */
public final class MonitoringErrors {
  private MonitoringErrors() {}

  public static MonitoringException of(String format, Object... args) {
    return new MonitoringException(String.format(format, args));
  }

  /** An engine or I/O failure with the context that says what it concerns. */
  public static MonitoringException wrap(String message, Throwable cause) {
    return new MonitoringException(message, cause);
  }

  /** A setting that holds a URL and is not one. */
  public static MonitoringException notAUrl(String key, String detail) {
    return of("'%s' is not a URL: %s", key, detail);
  }
}
