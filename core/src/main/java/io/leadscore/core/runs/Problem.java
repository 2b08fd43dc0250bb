package io.leadscore.core.runs;

/**
 * Something that went wrong without failing a stage: the run finishes, but it is {@code degraded} (exit 3)
 * and the problem is listed under {@code problems} in the summary, printed last.
 *
 * @param kind    machine-readable kind, e.g. {@code file_failed}, {@code export_missing}, {@code crm_failed}
 * @param stage   the stage that found it (filled in by the runner when a stage leaves it null)
 * @param subject what it concerns: a file, a table, a sink (never a secret or a raw value)
 * @param message one sentence naming the cause and the way out
 */
public record Problem(String kind, String stage, String subject, String message) {
  public static final String FILE_FAILED = "file_failed";
  public static final String FILE_UNRECOGNISED = "file_unrecognised";
  public static final String FILE_NOT_READY = "file_not_ready";
  public static final String EXPORT_MISSING = "export_missing";
  public static final String CRM_FAILED = "crm_failed";
  public static final String CRM_PENDING = "crm_pending";
  public static final String NOTHING_SCORED = "nothing_scored";
  public static final String ALERT = "alert";
  /** The monitor's webhook did not take tonight's alerts: they are still in the summary and the report. */
  public static final String ALERT_NOT_SENT = "alert_not_sent";
  /** No champion model, so the monitor has nothing to measure: `leadscore train`. */
  public static final String MONITOR_NO_CHAMPION = "monitor_no_champion";
  /** The champion carries no reference distributions, so drift is not measured: retrain. */
  public static final String MONITOR_NO_REFERENCE = "monitor_no_reference";
  /** No scores for the monitored date, so drift and the report lack them: `leadscore score`. */
  public static final String MONITOR_NO_SCORES = "monitor_no_scores";
  /** A run (or the champion alias) that did not reach the configured MLflow server: `leadscore runs sync`. */
  public static final String TRACKING_PENDING = "tracking_pending";
  /** The nightly's materialise stage could not update the service's online store (Redis): `leadscore materialise`. */
  public static final String ONLINE_STORE_STALE = "online_store_stale";
  /** Hot leads the route stage found no rep with room for (the fallback queue): more reps, capacity or territories. */
  public static final String ROUTING_QUEUED = "routing_queued";

  public Problem {
    if (kind == null || kind.isBlank() || message == null || message.isBlank()) {
      // guard: every kind is a constant above and every message is built by the job that found the problem
      throw new IllegalArgumentException("a problem needs a kind and a message");
    }
  }

  public static Problem of(String kind, String subject, String message) {
    return new Problem(kind, null, subject, message);
  }

  /** This problem attributed to {@code stageName} unless it already names a stage. */
  public Problem inStage(String stageName) {
    return stage != null ? this : new Problem(kind, stageName, subject, message);
  }

  /** The printed line: {@code [kind] stage: subject: message}. */
  public String line() {
    return "[" + kind + "] " + (stage == null ? "" : stage + ": ") + (subject == null ? "" : subject + ": ")
        + message;
  }
}
