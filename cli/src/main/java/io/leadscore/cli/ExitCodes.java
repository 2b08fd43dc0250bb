package io.leadscore.cli;

/**
 * The one exit-code table: every command's {@code --help} lists the rows that apply to it (picocli's
 * {@code exitCodeList} takes these constants), and {@code docs/reference/cli.md} is generated from that help.
 * Rows are "code:meaning"; a command lists each of its codes once.
 */
final class ExitCodes {
  static final int OK = 0;
  static final int STAGE_FAILED = 1;
  static final int CONFIG = 2;
  static final int DEGRADED = 3;
  static final int LOCKED = 4;

  static final String HEADING = "%nExit codes:%n";

  // commands that run stages (the Runner): generate ... nightly, purge, erase
  static final String C0 = "0:succeeded: every stage ran; nothing lost, skipped or left undelivered";
  static final String C1 = "1:a stage failed (the message names the stage, the batch date and the way out)";
  static final String C2 = "2:configuration or usage error, found before any stage ran";
  static final String C3 = "3:degraded: the run finished, but `problems` lists what went wrong (a failed or "
      + "unrecognised file, a missing export, failed or pending CRM batches, open leads but nothing scored, "
      + "a failing alert); --allow-degraded exits 0 instead";
  static final String C4 = "4:another run holds the lakehouse lock (the message names its holder)";

  // commands that read (sql, tables, runs)
  static final String READ_OK = "0:succeeded: the result is printed (sql --out: written to the file)";
  static final String READ_FAILED = "1:a table, the registry or the run records cannot be read (e.g. not created "
      + "yet: the message names it and the command that creates it)";
  static final String READ_USAGE = "2:usage error, nothing ran: a bad option or format (sql: a refused or invalid query)";

  // commands that change the registry or deliver runs (rollback, runs sync)
  static final String DONE = "0:done (the message says what changed)";
  static final String NOT_DONE = "1:failed: nothing to roll back to, a registry or configuration error, or an "
      + "MLflow delivery failed (the message names it and the way out)";

  // serve and materialise
  static final String SERVE_STOPPED = "0:stopped by SIGTERM or SIGINT after draining the requests in flight";
  static final String SERVE_START = "1:could not start (no lakehouse, the port is taken)";
  static final String SERVE_CONFIG = "2:invalid configuration, found before anything listens (the message names the key)";
  static final String MATERIALISED = "0:the online store holds the last night (or the embedded store needs nothing)";
  static final String MATERIALISE_FAILED = "1:the lakehouse or the Redis store cannot be read or written";
  static final String MATERIALISE_CONFIG = "2:invalid configuration (the message names the key)";

  private ExitCodes() {}
}
