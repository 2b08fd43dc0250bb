package io.leadscore.models.tracking;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Map;

/**
 * Everything a training run tracks, in one value: what the MLflow run gets and what the local record
 * keeps (the same content, so a later {@code runs sync} delivers exactly what the server would have had).
 *
 * @param id local id (also the folder under {@code runs/})
 * @param model the model to register (its artifact folder and registered name), or null
 * @param inputs the datasets logged with MLflow's log-inputs (the training set)
 */
public record RunRecord(String id, String experiment, String runName, long startTimeMs, long endTimeMs,
                        Logged logged, ModelRegistration model, List<Dataset> inputs) {

  public RunRecord {
    inputs = inputs == null ? List.of() : List.copyOf(inputs); // records written before inputs existed
  }

  /** A run without logged datasets. */
  public RunRecord(String id, String experiment, String runName, long startTimeMs, long endTimeMs, Logged logged,
                   ModelRegistration model) {
    this(id, experiment, runName, startTimeMs, endTimeMs, logged, model, List.of());
  }

  /**
   * What the run logs: MLflow's log-batch content (parameters, metrics, tags) and the relative paths of its
   * artifacts, stored beside the record.
   */
  public record Logged(Map<String, String> params, List<Metric> metrics, Map<String, String> tags,
                       List<String> artifacts) {
    public Logged {
      params = Map.copyOf(params);
      metrics = List.copyOf(metrics);
      tags = Map.copyOf(tags);
      artifacts = List.copyOf(artifacts);
    }
  }

  /** The run as stored (run.json): one flat object, as always. */
  @JsonValue
  RunRecordJson json() {
    return RunRecordJson.of(this);
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static RunRecord fromJson(RunRecordJson json) {
    return json.run();
  }

  public Map<String, String> params() {
    return logged.params();
  }

  public List<Metric> metrics() {
    return logged.metrics();
  }

  public Map<String, String> tags() {
    return logged.tags();
  }

  public List<String> artifacts() {
    return logged.artifacts();
  }

  /** The same run with more tags (later values win). */
  public RunRecord withTags(Map<String, String> more) {
    Map<String, String> t = new java.util.LinkedHashMap<>(tags());
    t.putAll(more);
    return new RunRecord(id, experiment, runName, startTimeMs, endTimeMs,
        new Logged(params(), metrics(), t, artifacts()), model, inputs);
  }

  /**
   * A dataset the run used, as MLflow's log-inputs takes it: the digest identifies the exact data (a Delta
   * table's version), source and schema are MLflow's JSON strings, context says how it was used.
   */
  public record Dataset(String name, String digest, String sourceType, String source, String schema, String profile,
                        String context) {}

  /** One metric value; CV folds log one step per fold. */
  public record Metric(String key, double value, long step) {}

  /**
   * Register the run's model folder {@code artifactPath} under {@code name}. {@code alias} is the decision when the
   * run was trained ("champion", "challenger"), kept as history: MLflow aliases are set from the local
   * registry's current state after each delivery, never replayed from this field.
   */
  public record ModelRegistration(String name, String artifactPath, String alias, int localVersion) {}

  /** The value of a metric at step 0 (the run's headline metrics), NaN when absent. */
  public double metric(String key) {
    return metrics().stream().filter(m -> m.key().equals(key) && m.step() == 0).mapToDouble(Metric::value)
        .findFirst().orElse(Double.NaN);
  }
}
