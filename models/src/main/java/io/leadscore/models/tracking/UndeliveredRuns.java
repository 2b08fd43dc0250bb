package io.leadscore.models.tracking;

import com.typesafe.config.Config;
import io.leadscore.core.runs.Problem;
import io.leadscore.models.ModelsErrors;
import java.util.List;
import java.util.Locale;

/**
 * Whether what a configured MLflow server did not get (a run, earlier runs, the champion alias) makes the run
 * {@code degraded}: {@code leadscore.mlflow.undelivered = degraded} (default: a {@code tracking_pending} problem,
 * exit 3) or {@code warn} (the summary's {@code run} line says it, the status stays). The run itself is never lost:
 * it is recorded locally and {@code leadscore runs sync} delivers it.
 */
public final class UndeliveredRuns {
  public static final String KEY = "leadscore.mlflow.undelivered";

  private final boolean degrades;

  private UndeliveredRuns(boolean degrades) {
    this.degrades = degrades;
  }

  /** The policy {@code leadscore.mlflow.undelivered} sets; a value other than degraded or warn is refused. */
  public static UndeliveredRuns from(Config c) {
    String v = c.hasPath(KEY) ? c.getString(KEY).trim().toLowerCase(Locale.ROOT) : "degraded";
    return switch (v) {
      case "degraded" -> new UndeliveredRuns(true);
      case "warn" -> new UndeliveredRuns(false);
      default -> throw ModelsErrors.of("'%s' is \"%s\" but must be degraded (a run MLflow did not get makes the run "
          + "degraded, exit 3) or warn (noted, status unchanged)", KEY, c.getString(KEY));
    };
  }

  public boolean degrades() {
    return degrades;
  }

  /**
   * The problem for what a recording left undelivered ({@link RunRecorder.Outcome#undelivered()}); none when
   * nothing is owed or the policy is warn.
   *
   * @param what   whose runs, e.g. "training run" (the message's start)
   * @param wayOut what brings them to the server, e.g. "`leadscore runs sync` delivers them"
   */
  public List<Problem> problems(String what, List<String> undelivered, String wayOut) {
    if (!degrades || undelivered.isEmpty()) {
      return List.of();
    }
    return List.of(Problem.of(Problem.TRACKING_PENDING, "MLflow", what + ": " + String.join("; ", undelivered)
        + ". Recorded locally: " + wayOut + " (" + KEY + " = warn keeps the run's status)"));
  }
}
