package io.leadscore.models.tracking;

import java.util.Map;

/**
 * Where a run is delivered (an MLflow tracking server). Implementations throw
 * {@link TrackingException} when the server is unreachable or refuses the run; the caller keeps the
 * local record and syncs later. Delivery is idempotent: delivering a run again finds the server's run by
 * its {@code leadscore.run_id} tag and completes what is missing, never creating a second one.
 */
public interface RunTracker {
  /** The tag that ties a server run to its local record. */
  String RUN_ID_TAG = "leadscore.run_id";

  /** What the server assigned. */
  record Delivered(String experimentId, String runId, String modelVersion) {}

  /** Delivers the run, its artifacts (relative path -> bytes) and the model registration. */
  Delivered deliver(RunRecord run, ArtifactSource artifacts);

  /** Points {@code alias} of registered model {@code name} at {@code version}. */
  void setAlias(String name, String alias, String version);

  /** Removes {@code alias} from registered model {@code name}; no error when it is not set. */
  void deleteAlias(String name, String alias);

  /** Reads a stored artifact by its relative path. */
  interface ArtifactSource {
    byte[] read(String relativePath);
  }

  /** MLflow's REST API at {@code trackingUri} (http or https). */
  static RunTracker mlflow(String trackingUri) {
    return new MlflowRestTracker(trackingUri, System.getenv("MLFLOW_TRACKING_TOKEN"));
  }

  /** The URI without user info or query ("https://user:secret@host" -> "https://***@host"), for messages and logs. */
  static String redact(String uri) {
    return io.leadscore.core.Redact.url(uri);
  }

  /** The MLflow tracking URI from config or {@code MLFLOW_TRACKING_URI}; empty means local records only. */
  static String trackingUri(String configured, Map<String, String> env) {
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    String fromEnv = env.get("MLFLOW_TRACKING_URI");
    return fromEnv == null ? "" : fromEnv;
  }
}
