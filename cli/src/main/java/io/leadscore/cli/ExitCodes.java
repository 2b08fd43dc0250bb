package io.leadscore.cli;

/** The one exit-code table, shown under {@code --help} of every command and in the README. */
final class ExitCodes {
  static final int OK = 0;
  static final int STAGE_FAILED = 1;
  static final int CONFIG = 2;
  static final int DEGRADED = 3;
  static final int LOCKED = 4;

  static final String HEADING = "%nExit codes:%n";
  static final String C0 = "0:succeeded: every stage ran; nothing lost, skipped or left undelivered";
  static final String C1 = "1:a stage failed (the message names the stage, the batch date and the way out)";
  static final String C2 = "2:configuration or usage error, found before any stage ran";
  static final String C3 = "3:degraded: the run finished, but `problems` lists what went wrong (a failed or "
      + "unrecognised file, a missing export, failed or pending CRM batches, open leads but nothing scored, "
      + "a failing alert); --allow-degraded exits 0 instead";
  static final String C4 = "4:another run holds the lakehouse lock (the message names its holder)";

  private ExitCodes() {}
}
