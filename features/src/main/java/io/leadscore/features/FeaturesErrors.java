package io.leadscore.features;

import java.util.Collection;

/**
 * The features module's user-facing errors, in one place so they read alike: each names the bad value and
 * the way out.
 */
public final class FeaturesErrors {
  private FeaturesErrors() {}

  /** A one-off message (format as {@link String#format}). */
  public static FeaturesException of(String format, Object... args) {
    return new FeaturesException(String.format(format, args));
  }

  /** An engine, I/O or serialisation failure, with the context the cause alone lacks. */
  public static FeaturesException wrap(String message, Throwable cause) {
    return new FeaturesException(message, cause);
  }

  /** A setting outside its range: {@code 'key' is value but must be rule}. */
  public static FeaturesException invalidSetting(String key, Object value, String rule) {
    return of("'%s' is %s but must be %s", key, value, rule);
  }

  public static FeaturesException unknownFeature(String name, Collection<String> known) {
    return of("Unknown feature '%s'; the catalogue (docs/reference/features.md) has %s", name, known);
  }

  /** A feature the catalogue lists but the builder cannot compute: a programming error, named. */
  public static FeaturesException notComputed(String feature, String builder) {
    return of("Feature '%s' is in the catalogue but has no computation in %s", feature, builder);
  }

  /** A file of the features run (catalogue, leakage report) that cannot be parsed. */
  public static FeaturesException unreadable(String what, String detail, String wayOut, Throwable cause) {
    return new FeaturesException(what + " is unreadable (" + detail + "); " + wayOut, cause);
  }

  public static FeaturesException cannotWrite(String path, String detail, Throwable cause) {
    return new FeaturesException("Cannot write " + path + ": " + detail
        + "; check that leadscore.storage.root is writable", cause);
  }

  public static FeaturesException cannotRead(String path, String detail, Throwable cause) {
    return new FeaturesException("Cannot read " + path + ": " + detail, cause);
  }

  /** A labelled export whose learned catalogue was never written. */
  public static FeaturesException catalogueMissing(String source, String path) {
    return of("Source '%s' is a labelled export, but its feature catalogue %s does not exist yet: run "
        + "`leadscore features` for this configuration first", source, path);
  }
}
