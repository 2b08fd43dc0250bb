package io.leadscore.training.tracking;

import java.util.List;
import java.util.Map;

/**
 * Everything a training run tracks, in one value: what the MLflow run gets and what the local record
 * keeps (the same content, so a later {@code runs sync} delivers exactly what the server would have had).
 *
 * @param id local id (also the folder under {@code runs/})
 * @param artifacts relative artifact paths, stored beside the record
 * @param model the model to register (its artifact folder and registered name), or null
 */
public record RunRecord(String id, String experiment, String runName, long startTimeMs, long endTimeMs,
                        Map<String, String> params, List<Metric> metrics, Map<String, String> tags,
                        List<String> artifacts, ModelRegistration model) {

  public RunRecord {
    params = Map.copyOf(params);
    metrics = List.copyOf(metrics);
    tags = Map.copyOf(tags);
    artifacts = List.copyOf(artifacts);
  }

  /** One metric value; CV folds log one step per fold. */
  public record Metric(String key, double value, long step) {}

  /**
   * Register the run's model folder {@code artifactPath} under {@code name}; set {@code alias} (e.g.
   * "champion") on the new version when not null.
   */
  public record ModelRegistration(String name, String artifactPath, String alias, int localVersion) {}

  /** The value of a metric at step 0 (the run's headline metrics), NaN when absent. */
  public double metric(String key) {
    return metrics.stream().filter(m -> m.key().equals(key) && m.step() == 0).mapToDouble(Metric::value)
        .findFirst().orElse(Double.NaN);
  }
}
