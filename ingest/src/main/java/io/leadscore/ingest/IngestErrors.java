package io.leadscore.ingest;

import java.util.Collection;
import java.util.TreeSet;

/**
 * The one factory of the ingest module's errors, so that the same mistake reads the same wherever it is
 * found: the message names the setting or file, the bad value and what is allowed.
 */
public final class IngestErrors {
  private IngestErrors() {}

  public static IngestException of(String format, Object... args) {
    return new IngestException(String.format(format, args));
  }

  /** An engine or I/O failure, with the file or folder that the cause alone does not name. */
  public static IngestException wrap(String message, Throwable cause) {
    return new IngestException(message, cause);
  }

  /** One export fails as a whole; the caller records it and goes on with the other files. */
  public static IngestException.FileFailure fileFailure(String format, Object... args) {
    return new IngestException.FileFailure(String.format(format, args));
  }

  /** {@code subject} is e.g. {@code "x.format is"}: "x.format is 'tsv'; allowed: [csv, jsonl, parquet]". */
  public static IngestException notAllowed(String subject, String value, Collection<?> allowed) {
    return of("%s '%s'; allowed: %s", subject, value, new TreeSet<>(allowed));
  }

  /** A mapping block has a key it does not know: a misspelt rule must not silently validate nothing. */
  public static IngestException unknownKey(String at, String key, Collection<String> known) {
    return of("%s has unknown key '%s'; known keys: %s", at, key, new TreeSet<>(known));
  }

  /** A mapping setting names a column the mapping does not have. */
  public static IngestException notAColumn(String at, String name, Collection<String> columns) {
    return of("%s names '%s', which is not one of its columns %s", at, name, columns);
  }

  public static IngestException missingKey(String at, String key) {
    return of("%s lacks '%s'", at, key);
  }

  public static IngestException wrongType(String at, String key, String detail) {
    return of("%s.%s has the wrong type: %s", at, key, detail);
  }

  /** A count setting ({@code max_record_lines}, {@code max_length}, ...) below one. */
  public static IngestException atLeastOne(String setting, long value) {
    return of("%s is %d; it must be at least 1", setting, value);
  }

  /** A duration or count setting that must not be below zero. */
  public static IngestException notNegative(String setting, Object value) {
    return of("%s is %s; it must not be negative", setting, value);
  }

  /** {@code rule} is what is allowed, e.g. {@code "> 0"} or {@code "in (0, 1000]"}. */
  public static IngestException mustBe(String setting, Object value, String rule) {
    return of("%s is %s but must be %s", setting, value, rule);
  }

  /** A landing folder cannot be listed. */
  public static IngestException cannotList(Object folder, Exception cause) {
    return wrap("Cannot list the landing folder " + folder + ": " + cause.getMessage(), cause);
  }
}
