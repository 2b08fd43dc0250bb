package io.leadscore.models.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Delivers a run to MLflow 2.x over its REST API ({@link MlflowRest}): experiment get-or-create, the run
 * found by its {@code leadscore.run_id} tag or created with it, log-batch, log-inputs, the artifacts where
 * the run's own {@code artifact_uri} says ({@link ArtifactStore}), run update, and the model version
 * (found by run id or created). Every step can be repeated, so a delivery that failed half way is resumed
 * by the next sync instead of leaving a second run: the tag {@code leadscore.delivery} says how far it got.
 *
 * <p>Why not {@code org.mlflow:mlflow-client} for the tracking calls: besides refusing file: URIs,
 * needing Python for artifacts and having a read-only registry, its 2.17.2 HTTP caller retries every
 * error status, a 404 from get-by-name included (three requests, logged as "Rate limit exceeded"), which
 * makes the request sequence of a run depend on the client's retry loop. One small client is simpler.
 */
final class MlflowRestTracker implements RunTracker {
  /** How far a delivery got, as a tag on the server's run. */
  static final String DELIVERY_TAG = "leadscore.delivery";
  // MLflow's documented log-batch limits per request
  private static final int MAX_METRICS = 1000;
  private static final int MAX_PARAMS = 100;
  private static final int MAX_TAGS = 100;

  private final MlflowRest rest;

  MlflowRestTracker(String trackingUri, String token) {
    this(trackingUri, token, Duration.ofSeconds(60));
  }

  MlflowRestTracker(String trackingUri, String token, Duration timeout) {
    this.rest = new MlflowRest(trackingUri, token, timeout);
  }

  @Override
  public Delivered deliver(RunRecord run, ArtifactSource artifacts) {
    String experimentId = experimentId(run.experiment());
    JsonNode found = findRun(experimentId, run.id());
    JsonNode info = found != null ? found.path("info") : create(experimentId, run);
    String runId = info.path("run_id").asText();
    String artifactUri = info.path("artifact_uri").asText();
    String stage = found == null ? "created" : tag(found, DELIVERY_TAG);
    if (stage.equals("created")) {
      logBatches(runId, run);
      logInputs(runId, run.inputs());
      setTag(runId, DELIVERY_TAG, stage = "logged");
    }
    if (stage.equals("logged")) {
      ArtifactStore store = ArtifactStore.forRun(artifactUri, rest, runId);
      for (String path : run.artifacts()) {
        store.write(path, artifacts.read(path));
      }
      setTag(runId, DELIVERY_TAG, stage = "artifacts");
    }
    if (!"FINISHED".equals(info.path("status").asText())) {
      rest.post("/api/2.0/mlflow/runs/update", Map.of("run_id", runId, "status", "FINISHED", "end_time", run.endTimeMs()));
    }
    String version = null;
    if (run.model() != null) {
      version = register(run.model().name(), artifactUri.replaceAll("/+$", "") + "/" + run.model().artifactPath(), runId);
    }
    setTag(runId, DELIVERY_TAG, "complete");
    return new Delivered(experimentId, runId, version);
  }

  private String experimentId(String name) {
    try {
      return rest.get("/api/2.0/mlflow/experiments/get-by-name", Map.of("experiment_name", name))
          .path("experiment").path("experiment_id").asText();
    } catch (MlflowRest.RestError e) {
      if (!"RESOURCE_DOES_NOT_EXIST".equals(e.errorCode)) {
        throw e;
      }
    }
    try {
      return rest.post("/api/2.0/mlflow/experiments/create", Map.of("name", name)).path("experiment_id").asText();
    } catch (MlflowRest.RestError e) {
      if (!"RESOURCE_ALREADY_EXISTS".equals(e.errorCode)) {
        throw e;
      }
      // created concurrently by another run: read it back
      return rest.get("/api/2.0/mlflow/experiments/get-by-name", Map.of("experiment_name", name))
          .path("experiment").path("experiment_id").asText();
    }
  }

  /** The server's run for a local run id (tag {@code leadscore.run_id}), or null. */
  private JsonNode findRun(String experimentId, String localId) {
    Map<String, Object> search = new LinkedHashMap<>();
    search.put("experiment_ids", List.of(experimentId));
    search.put("filter", "tags.`" + RUN_ID_TAG + "` = '" + localId.replace("'", "\\'") + "'");
    search.put("max_results", 1);
    JsonNode runs = rest.post("/api/2.0/mlflow/runs/search", search).path("runs");
    return runs.isArray() && runs.size() > 0 ? runs.get(0) : null;
  }

  private JsonNode create(String experimentId, RunRecord run) {
    Map<String, Object> create = new LinkedHashMap<>();
    create.put("experiment_id", experimentId);
    create.put("run_name", run.runName());
    create.put("start_time", run.startTimeMs());
    // the local id is set with the run itself, so no run can exist on the server without it
    create.put("tags", List.of(Map.of("key", RUN_ID_TAG, "value", run.id()),
        Map.of("key", DELIVERY_TAG, "value", "created")));
    return rest.post("/api/2.0/mlflow/runs/create", create).path("run").path("info");
  }

  private static String tag(JsonNode run, String key) {
    for (JsonNode t : run.path("data").path("tags")) {
      if (key.equals(t.path("key").asText())) {
        return t.path("value").asText();
      }
    }
    return "created";
  }

  private void setTag(String runId, String key, String value) {
    rest.post("/api/2.0/mlflow/runs/set-tag", Map.of("run_id", runId, "key", key, "value", value));
  }

  private void logBatches(String runId, RunRecord run) {
    Iterator<Map.Entry<String, String>> params = run.params().entrySet().iterator();
    Iterator<Map.Entry<String, String>> tags = run.tags().entrySet().iterator();
    Iterator<RunRecord.Metric> metrics = run.metrics().iterator();
    while (params.hasNext() || tags.hasNext() || metrics.hasNext()) {
      List<Map<String, Object>> ps = new ArrayList<>();
      List<Map<String, Object>> ts = new ArrayList<>();
      List<Map<String, Object>> ms = new ArrayList<>();
      while (params.hasNext() && ps.size() < MAX_PARAMS) {
        Map.Entry<String, String> p = params.next();
        ps.add(Map.of("key", p.getKey(), "value", p.getValue()));
      }
      while (tags.hasNext() && ts.size() < MAX_TAGS) {
        Map.Entry<String, String> t = tags.next();
        ts.add(Map.of("key", t.getKey(), "value", t.getValue()));
      }
      while (metrics.hasNext() && ms.size() + ps.size() + ts.size() < MAX_METRICS) {
        RunRecord.Metric m = metrics.next();
        // MLflow stores NaN; JSON has no NaN literal, so it is sent as the string MLflow's server accepts
        Object value = Double.isFinite(m.value()) ? (Object) m.value() : "NaN";
        ms.add(Map.of("key", m.key(), "value", value, "timestamp", run.endTimeMs(), "step", m.step()));
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("run_id", runId);
      body.put("metrics", ms);
      body.put("params", ps);
      body.put("tags", ts);
      // a repeated batch is harmless: same param values are accepted, identical metric points deduplicated
      rest.post("/api/2.0/mlflow/runs/log-batch", body);
    }
  }

  private void logInputs(String runId, List<RunRecord.Dataset> inputs) {
    if (inputs.isEmpty()) {
      return;
    }
    List<Map<String, Object>> datasets = new ArrayList<>();
    for (RunRecord.Dataset d : inputs) {
      Map<String, Object> ds = new LinkedHashMap<>();
      ds.put("name", d.name());
      ds.put("digest", d.digest());
      ds.put("source_type", d.sourceType());
      ds.put("source", d.source());
      ds.put("schema", d.schema());
      ds.put("profile", d.profile());
      datasets.add(Map.of("tags", List.of(Map.of("key", "mlflow.data.context", "value", d.context())), "dataset", ds));
    }
    rest.post("/api/2.0/mlflow/runs/log-inputs", Map.of("run_id", runId, "datasets", datasets));
  }

  /** The version registered from this run (found, so a resumed delivery registers nothing twice) or a new one. */
  private String register(String name, String source, String runId) {
    try {
      rest.post("/api/2.0/mlflow/registered-models/create", Map.of("name", name));
    } catch (MlflowRest.RestError e) {
      if (!"RESOURCE_ALREADY_EXISTS".equals(e.errorCode)) {
        throw e;
      }
    }
    JsonNode existing = rest.get("/api/2.0/mlflow/model-versions/search",
        Map.of("filter", "name='" + name.replace("'", "\\'") + "' and run_id='" + runId + "'")).path("model_versions");
    if (existing.isArray() && existing.size() > 0) {
      return existing.get(0).path("version").asText();
    }
    return rest.post("/api/2.0/mlflow/model-versions/create", Map.of("name", name, "source", source, "run_id", runId))
        .path("model_version").path("version").asText();
  }

  @Override
  public void setAlias(String name, String alias, String version) {
    rest.post("/api/2.0/mlflow/registered-models/alias", Map.of("name", name, "alias", alias, "version", version));
  }

  @Override
  public void deleteAlias(String name, String alias) {
    try {
      rest.delete("/api/2.0/mlflow/registered-models/alias", Map.of("name", name, "alias", alias));
    } catch (MlflowRest.RestError e) {
      if (e.status != 404 && !"RESOURCE_DOES_NOT_EXIST".equals(e.errorCode)) {
        throw e;
      }
    }
  }
}
