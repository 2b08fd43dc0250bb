package io.leadscore.training.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.stream.Collectors;

/**
 * MLflow 2.x over its REST API with the JDK HttpClient and Jackson: experiment get-or-create, run
 * create, log-batch, artifacts through the server's artifact proxy
 * ({@code PUT /api/2.0/mlflow-artifacts/artifacts/<path>}), run update, and the registry writes
 * (registered model create, model version create, alias set).
 *
 * <p>Why not {@code org.mlflow:mlflow-client} for the tracking calls: besides refusing file: URIs,
 * needing Python for artifacts and having a read-only registry, its 2.17.2 HTTP caller retries every
 * error status, a 404 from get-by-name included (three requests, logged as "Rate limit exceeded"), which
 * makes the request sequence of a run depend on the client's retry loop. One small client is simpler.
 */
final class MlflowRestTracker implements RunTracker {
  private static final ObjectMapper JSON = new ObjectMapper();
  // MLflow's documented log-batch limits per request
  private static final int MAX_METRICS = 1000;
  private static final int MAX_PARAMS = 100;
  private static final int MAX_TAGS = 100;

  private final String base;
  private final String shown; // base without credentials, for messages
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  MlflowRestTracker(String trackingUri, String token) {
    this.base = trackingUri.endsWith("/") ? trackingUri.substring(0, trackingUri.length() - 1) : trackingUri;
    this.token = token;
    this.shown = RunTracker.redact(base);
  }

  @Override
  public Delivered deliver(RunRecord run, ArtifactSource artifacts) {
    String experimentId = experimentId(run.experiment());
    Map<String, Object> create = new LinkedHashMap<>();
    create.put("experiment_id", experimentId);
    create.put("run_name", run.runName());
    create.put("start_time", run.startTimeMs());
    JsonNode info = post("/api/2.0/mlflow/runs/create", create).path("run").path("info");
    String runId = info.path("run_id").asText();
    String artifactUri = info.path("artifact_uri").asText();
    logBatches(runId, run);
    String artifactRoot = artifactRoot(artifactUri, experimentId, runId);
    for (String path : run.artifacts()) {
      putArtifact(artifactRoot + "/" + path, artifacts.read(path));
    }
    post("/api/2.0/mlflow/runs/update", Map.of("run_id", runId, "status", "FINISHED", "end_time", run.endTimeMs()));
    String version = null;
    if (run.model() != null) {
      version = register(run.model(), artifactUri + "/" + run.model().artifactPath(), runId);
    }
    return new Delivered(experimentId, runId, version);
  }

  private String experimentId(String name) {
    try {
      return send(request("/api/2.0/mlflow/experiments/get-by-name?experiment_name="
          + URLEncoder.encode(name, StandardCharsets.UTF_8)).GET().build())
          .path("experiment").path("experiment_id").asText();
    } catch (RestError e) {
      if (!"RESOURCE_DOES_NOT_EXIST".equals(e.errorCode)) {
        throw e;
      }
    }
    try {
      return post("/api/2.0/mlflow/experiments/create", Map.of("name", name)).path("experiment_id").asText();
    } catch (RestError e) {
      if (!"RESOURCE_ALREADY_EXISTS".equals(e.errorCode)) {
        throw e;
      }
      // created concurrently by another run: read it back
      return send(request("/api/2.0/mlflow/experiments/get-by-name?experiment_name="
          + URLEncoder.encode(name, StandardCharsets.UTF_8)).GET().build())
          .path("experiment").path("experiment_id").asText();
    }
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
      post("/api/2.0/mlflow/runs/log-batch", body);
    }
  }

  /** The artifact proxy path of the run: "mlflow-artifacts:/1/abc/artifacts" -> "1/abc/artifacts". */
  static String artifactRoot(String uri, String experimentId, String runId) {
    if (uri != null && uri.startsWith("mlflow-artifacts:")) {
      String rest = uri.substring("mlflow-artifacts:".length());
      if (rest.startsWith("//")) { // mlflow-artifacts://host:port/path
        rest = rest.substring(rest.indexOf('/', 2));
      }
      return rest.replaceAll("^/+", "");
    }
    return experimentId + "/" + runId + "/artifacts";
  }

  private void putArtifact(String path, byte[] bytes) {
    String encoded = List.of(path.split("/")).stream()
        .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
        .collect(Collectors.joining("/"));
    send(request("/api/2.0/mlflow-artifacts/artifacts/" + encoded)
        .header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
  }

  private String register(RunRecord.ModelRegistration model, String source, String runId) {
    try {
      post("/api/2.0/mlflow/registered-models/create", Map.of("name", model.name()));
    } catch (RestError e) {
      if (!"RESOURCE_ALREADY_EXISTS".equals(e.errorCode)) {
        throw e.asTracking();
      }
    }
    JsonNode created = post("/api/2.0/mlflow/model-versions/create",
        Map.of("name", model.name(), "source", source, "run_id", runId));
    String version = created.path("model_version").path("version").asText();
    if (model.alias() != null) {
      setAlias(model.name(), model.alias(), version);
    }
    return version;
  }

  @Override
  public void setAlias(String name, String alias, String version) {
    post("/api/2.0/mlflow/registered-models/alias", Map.of("name", name, "alias", alias, "version", version));
  }

  private JsonNode post(String path, Map<String, ?> body) {
    try {
      return send(request(path).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    } catch (IOException e) {
      throw new TrackingException("Cannot encode the request to " + path, e);
    }
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    if (token != null && !token.isBlank()) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private JsonNode send(HttpRequest req) {
    HttpResponse<String> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new TrackingException("MLflow at " + shown + " is unreachable (" + req.method() + " " + req.uri().getPath()
          + "): " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TrackingException("Interrupted while calling MLflow at " + shown, e);
    }
    JsonNode body = parse(resp.body());
    if (resp.statusCode() / 100 != 2) {
      throw new RestError(req.method() + " " + req.uri().getPath(), resp.statusCode(),
          body.path("error_code").asText(""), body.path("message").asText(resp.body()));
    }
    return body;
  }

  private static JsonNode parse(String s) {
    try {
      return s == null || s.isBlank() ? JSON.createObjectNode() : JSON.readTree(s);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  /** An MLflow error response: {"error_code": "...", "message": "..."}. */
  private static final class RestError extends TrackingException {
    final String errorCode;

    RestError(String call, int status, String errorCode, String message) {
      super("MLflow " + call + " failed with " + status + " " + errorCode + ": " + message);
      this.errorCode = errorCode;
    }

    TrackingException asTracking() {
      return this;
    }
  }
}
