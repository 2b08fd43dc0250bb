package io.leadscore.models.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process MLflow 2.x tracking server (JDK HttpServer) following the documented REST requests and
 * responses of the endpoints leadscore uses, error codes included (404 RESOURCE_DOES_NOT_EXIST,
 * 400 RESOURCE_ALREADY_EXISTS, 503 when {@link #down(boolean)}). It records every request so tests can
 * assert the exact sequence a run sends.
 */
public final class MlflowTestServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One received request: "POST /api/2.0/mlflow/runs/create", its body. */
  record Call(String line, byte[] body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final HttpServer server;
  private final List<Call> calls = new ArrayList<>();
  private final Map<String, String> experiments = new LinkedHashMap<>(); // name -> id
  private final Map<String, ObjectNode> runs = new HashMap<>();
  public final Map<String, byte[]> artifacts = new LinkedHashMap<>();
  final Map<String, Integer> modelVersions = new HashMap<>(); // registered model -> latest version
  public final Map<String, String> aliases = new HashMap<>(); // "model@alias" -> version
  private final Map<String, ObjectNode> runTags = new HashMap<>(); // run id -> tags
  private final Map<String, String> versionRuns = new LinkedHashMap<>(); // "model/version" -> run id
  private final AtomicInteger ids = new AtomicInteger();
  private volatile boolean down;

  public MlflowTestServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public String uri() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public void down(boolean isDown) {
    this.down = isDown;
  }

  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  public synchronized List<String> lines() {
    return calls.stream().map(Call::line).toList();
  }

  public synchronized void clear() {
    calls.clear();
  }

  private void handle(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    String path = ex.getRequestURI().getRawPath();
    String query = ex.getRequestURI().getRawQuery();
    synchronized (this) {
      calls.add(new Call(ex.getRequestMethod() + " " + path + (query == null ? "" : "?" + query), body));
    }
    try {
      if (down) {
        reply(ex, 503, error("TEMPORARILY_UNAVAILABLE", "The server is temporarily unavailable"));
        return;
      }
      route(ex, path, query, body);
    } catch (RuntimeException e) {
      reply(ex, 500, error("INTERNAL_ERROR", String.valueOf(e)));
    }
  }

  private synchronized void route(HttpExchange ex, String path, String query, byte[] body) throws IOException {
    String api = "/api/2.0/mlflow/";
    if (path.startsWith("/api/2.0/mlflow-artifacts/artifacts/") && ex.getRequestMethod().equals("PUT")) {
      String rel = URLDecoder.decode(path.substring("/api/2.0/mlflow-artifacts/artifacts/".length()), StandardCharsets.UTF_8);
      artifacts.put(rel, body);
      reply(ex, 200, JSON.createObjectNode());
      return;
    }
    JsonNode req = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    switch (ex.getRequestMethod() + " " + path.substring(Math.min(path.length(), api.length()))) {
      case "GET experiments/get-by-name" -> {
        String name = URLDecoder.decode(query.replaceFirst("^experiment_name=", ""), StandardCharsets.UTF_8);
        String id = experiments.get(name);
        if (id == null) {
          reply(ex, 404, error("RESOURCE_DOES_NOT_EXIST", "Could not find experiment with name '" + name + "'"));
        } else {
          ObjectNode e = JSON.createObjectNode();
          e.putObject("experiment").put("experiment_id", id).put("name", name)
              .put("artifact_location", "mlflow-artifacts:/" + id).put("lifecycle_stage", "active");
          reply(ex, 200, e);
        }
      }
      case "POST experiments/create" -> {
        String name = req.path("name").asText();
        if (experiments.containsKey(name)) {
          reply(ex, 400, error("RESOURCE_ALREADY_EXISTS", "Experiment '" + name + "' already exists."));
        } else {
          String id = String.valueOf(ids.incrementAndGet());
          experiments.put(name, id);
          reply(ex, 200, JSON.createObjectNode().put("experiment_id", id));
        }
      }
      case "POST runs/create" -> {
        String exp = req.path("experiment_id").asText();
        String runId = "run" + ids.incrementAndGet();
        ObjectNode info = JSON.createObjectNode().put("run_id", runId).put("run_uuid", runId)
            .put("experiment_id", exp).put("run_name", req.path("run_name").asText()).put("status", "RUNNING")
            .put("start_time", req.path("start_time").asLong())
            .put("artifact_uri", "mlflow-artifacts:/" + exp + "/" + runId + "/artifacts")
            .put("lifecycle_stage", "active");
        runs.put(runId, info);
        ObjectNode tags = JSON.createObjectNode();
        req.path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
        runTags.put(runId, tags);
        ObjectNode resp = JSON.createObjectNode();
        ObjectNode run = resp.putObject("run");
        run.set("info", info);
        run.putObject("data");
        reply(ex, 200, resp);
      }
      case "POST runs/search" -> {
        // only the filter leadscore sends: tags.`leadscore.run_id` = '<id>'
        String wanted = req.path("filter").asText().replaceAll("^.*= '(.*)'$", "$1");
        ObjectNode resp = JSON.createObjectNode();
        var list = resp.putArray("runs");
        runs.forEach((id, info) -> {
          ObjectNode tags = runTags.get(id);
          if (wanted.equals(tags.path("leadscore.run_id").asText())
              && info.path("experiment_id").asText().equals(req.path("experiment_ids").get(0).asText())) {
            ObjectNode r = list.addObject();
            r.set("info", info);
            var ts = r.putObject("data").putArray("tags");
            tags.fields().forEachRemaining(e -> ts.addObject().put("key", e.getKey()).put("value", e.getValue().asText()));
          }
        });
        reply(ex, 200, resp);
      }
      case "POST runs/set-tag" -> {
        runTags.get(req.path("run_id").asText()).put(req.path("key").asText(), req.path("value").asText());
        reply(ex, 200, JSON.createObjectNode());
      }
      case "POST runs/log-inputs" -> reply(ex, 200, JSON.createObjectNode());
      case "GET model-versions/search" -> {
        String filter = URLDecoder.decode(query.replaceFirst("^filter=", ""), StandardCharsets.UTF_8);
        String runId = filter.replaceAll("^.*run_id='([^']*)'.*$", "$1");
        ObjectNode resp = JSON.createObjectNode();
        var list = resp.putArray("model_versions");
        versionRuns.forEach((key, run) -> {
          if (run.equals(runId)) {
            list.addObject().put("version", key.substring(key.lastIndexOf('/') + 1)).put("run_id", run);
          }
        });
        reply(ex, 200, resp);
      }
      case "DELETE registered-models/alias" -> {
        aliases.remove(req.path("name").asText() + "@" + req.path("alias").asText());
        reply(ex, 200, JSON.createObjectNode());
      }
      case "POST runs/log-batch" -> {
        if (!runs.containsKey(req.path("run_id").asText())) {
          reply(ex, 404, error("RESOURCE_DOES_NOT_EXIST", "Run '" + req.path("run_id").asText() + "' not found"));
        } else {
          reply(ex, 200, JSON.createObjectNode());
        }
      }
      case "POST runs/update" -> {
        ObjectNode info = runs.get(req.path("run_id").asText());
        info.put("status", req.path("status").asText()).put("end_time", req.path("end_time").asLong());
        ObjectNode resp = JSON.createObjectNode();
        resp.set("run_info", info);
        reply(ex, 200, resp);
      }
      case "POST registered-models/create" -> {
        String name = req.path("name").asText();
        if (modelVersions.containsKey(name)) {
          reply(ex, 400, error("RESOURCE_ALREADY_EXISTS", "Registered Model (name=" + name + ") already exists."));
        } else {
          modelVersions.put(name, 0);
          ObjectNode resp = JSON.createObjectNode();
          resp.putObject("registered_model").put("name", name).put("creation_timestamp", System.currentTimeMillis());
          reply(ex, 200, resp);
        }
      }
      case "POST model-versions/create" -> {
        String name = req.path("name").asText();
        if (!modelVersions.containsKey(name)) {
          reply(ex, 404, error("RESOURCE_DOES_NOT_EXIST", "Registered Model with name=" + name + " not found"));
          return;
        }
        int v = modelVersions.merge(name, 1, Integer::sum);
        versionRuns.put(name + "/" + v, req.path("run_id").asText());
        ObjectNode resp = JSON.createObjectNode();
        resp.putObject("model_version").put("name", name).put("version", String.valueOf(v))
            .put("source", req.path("source").asText()).put("run_id", req.path("run_id").asText())
            .put("status", "READY");
        reply(ex, 200, resp);
      }
      case "POST registered-models/alias" -> {
        String name = req.path("name").asText();
        String version = req.path("version").asText();
        Integer latest = modelVersions.get(name);
        if (latest == null || Integer.parseInt(version) > latest) {
          reply(ex, 404, error("RESOURCE_DOES_NOT_EXIST", "Model version " + name + "/" + version + " not found"));
        } else {
          aliases.put(name + "@" + req.path("alias").asText(), version);
          reply(ex, 200, JSON.createObjectNode());
        }
      }
      default -> reply(ex, 404, error("ENDPOINT_NOT_FOUND", "No API endpoint " + ex.getRequestMethod() + " " + path));
    }
  }

  private static ObjectNode error(String code, String message) {
    return JSON.createObjectNode().put("error_code", code).put("message", message);
  }

  private static void reply(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
