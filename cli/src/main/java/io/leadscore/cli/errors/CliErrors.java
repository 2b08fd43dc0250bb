package io.leadscore.cli.errors;

/**
 * The command line's user-facing errors, in one place so they read alike: each names the bad value (the
 * option, the table and its path) and the way out.
 */
public final class CliErrors {
  private CliErrors() {}

  public static CliException of(String format, Object... args) {
    return new CliException(String.format(format, args));
  }

  /** A table that cannot be read or checked; {@code detail} is the first line of the engine's message. */
  public static CliException cannotRead(String what, String detail, Throwable cause) {
    return new CliException("Cannot read " + what + ": " + detail, cause);
  }

  public static CliException cannotCheck(String table, String path, String detail, Throwable cause) {
    return new CliException("Cannot check table " + table + " at " + path + ": " + detail, cause);
  }

  public static CliException tableMissing(String table, String path, String createdBy) {
    return new CliException("Table '" + table + "' does not exist yet (no Delta table at " + path
        + "): it is created by `" + createdBy + "`; `leadscore tables` lists what exists");
  }
}
