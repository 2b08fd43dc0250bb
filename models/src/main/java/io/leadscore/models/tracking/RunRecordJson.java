package io.leadscore.models.tracking;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The stored form of a {@link RunRecord} (run.json): the flat object local records have always held, field
 * names and order unchanged, so runs recorded by older versions still sync. Only Jackson sees it.
 */
@JsonPropertyOrder({"id", "experiment", "runName", "startTimeMs", "endTimeMs", "params", "metrics", "tags",
    "artifacts", "model", "inputs"})
final class RunRecordJson {
  public String id;
  public String experiment;
  public String runName;
  public long startTimeMs;
  public long endTimeMs;
  public Map<String, String> params;
  public List<RunRecord.Metric> metrics;
  public Map<String, String> tags;
  public List<String> artifacts;
  public RunRecord.ModelRegistration model;
  public List<RunRecord.Dataset> inputs;

  static RunRecordJson of(RunRecord run) {
    RunRecordJson j = new RunRecordJson();
    j.id = run.id();
    j.experiment = run.experiment();
    j.runName = run.runName();
    j.startTimeMs = run.startTimeMs();
    j.endTimeMs = run.endTimeMs();
    j.params = run.params();
    j.metrics = run.metrics();
    j.tags = run.tags();
    j.artifacts = run.artifacts();
    j.model = run.model();
    j.inputs = run.inputs();
    return j;
  }

  RunRecord run() {
    return new RunRecord(id, experiment, runName, startTimeMs, endTimeMs,
        new RunRecord.Logged(params, metrics, tags, artifacts), model, inputs);
  }
}
