package io.leadscore.core;

import java.nio.file.Path;

/**
 * The messages of the core module (configuration, storage, summaries), in one place so that they read alike:
 * each names the bad value and the way out. The core has no exception type of its own: it raises the base
 * {@link LeadscoreException} that every module's type extends.
 */
public final class CoreErrors {
  private CoreErrors() {}

  public static LeadscoreException of(String format, Object... args) {
    return new LeadscoreException(String.format(format, args));
  }

  /** An engine or I/O failure, with the context (file, key) that the cause alone lacks. */
  public static LeadscoreException wrap(String message, Throwable cause) {
    return new LeadscoreException(message, cause);
  }

  /** {@code leadscore.<key>} must be above zero. */
  public static LeadscoreException mustBePositive(String key, long value) {
    return of("'leadscore.%s' is set to %d but must be > 0", key, value);
  }

  /** A required setting is empty. */
  public static LeadscoreException emptySetting(String key, String wayOut) {
    return of("'%s' is empty: %s", key, wayOut);
  }

  /** The {@code --conf} file does not exist. */
  public static LeadscoreException missingConfigFile(Path file) {
    return of("Configuration file not found: %s (pass --conf with an existing file, e.g. conf/local.conf)", file);
  }
}
