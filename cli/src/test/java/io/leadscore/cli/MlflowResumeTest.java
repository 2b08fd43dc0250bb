package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.leadscore.models.tracking.RunRecord;
import io.leadscore.models.tracking.RunRecorder;
import io.leadscore.models.tracking.RunTracker;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Half-delivered runs against the real MLflow server: a failure right after runs/create, and a run whose
 * artifact_uri uses a scheme leadscore cannot write. The next sync completes the same MLflow run.
 */
class MlflowResumeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  static Path dir;
  static RealMlflowServer server;
  static String uri;

  @BeforeAll
  static void start() throws Exception {
    String why = RealMlflowServer.unavailable();
    Assumptions.assumeTrue(why == null, "skipped: " + why);
    server = new RealMlflowServer(dir.resolve("mlflow"), true);
    uri = server.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  static RunRecord run(String id, String experiment) {
    return new RunRecord(id, experiment, "it 2026-11-24 v1 champion", 1_000L, 2_000L,
        new RunRecord.Logged(Map.of("max_depth", "3"),
            List.of(new RunRecord.Metric("cv_auc", 0.8, 0), new RunRecord.Metric("cv_fold_auc", 0.79, 0),
                new RunRecord.Metric("cv_fold_auc", 0.81, 1)),
            Map.of("seed", "7"), List.of("model/MLmodel")), new RunRecord.ModelRegistration("resume-it", "model", "champion", 1));
  }

  @Test
  void aDeliveryThatFailedAfterRunsCreateIsResumedNotDuplicated() throws Exception {
    // a proxy in front of the real server that fails the first log-batch, as a crash would
    AtomicBoolean failed = new AtomicBoolean();
    HttpServer flaky = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    flaky.createContext("/", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      String path = ex.getRequestURI().toString();
      if (path.endsWith("/runs/log-batch") && failed.compareAndSet(false, true)) {
        ex.sendResponseHeaders(503, -1);
        ex.close();
        return;
      }
      try {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(uri + path))
            .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type != null) {
          req.header("Content-Type", type);
        }
        HttpResponse<byte[]> resp = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(resp.statusCode(), resp.body().length == 0 ? -1 : resp.body().length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(resp.body());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ex.sendResponseHeaders(500, -1);
      }
      ex.close();
    });
    flaky.start();
    try {
      String runs = dir.resolve("runs-a").toString();
      RunRecorder viaFlaky = RunRecorder.at(runs, Optional.of(RunTracker.mlflow("http://127.0.0.1:" + flaky.getAddress().getPort())))
          .withAliases("resume-it", () -> Map.of("champion", 1));
      RunRecorder.Outcome o = viaFlaky.record(run("local-a", "resume-it"), Map.of("model/MLmodel", "flavors: {}\n".getBytes(StandardCharsets.UTF_8)));
      assertNull(o.delivered(), o.describe());
      assertTrue(o.note().contains("503"), o.note());
      JsonNode half = search("resume-it", "local-a");
      assertEquals(1, half.size(), "the half-delivered run is on the server");
      assertEquals("RUNNING", half.get(0).path("info").path("status").asText());

      RunRecorder.SyncResult r = RunRecorder.at(runs, Optional.of(RunTracker.mlflow(uri)))
          .withAliases("resume-it", () -> Map.of("champion", 1)).sync();
      assertEquals(1, r.delivered(), r.messages().toString());
      JsonNode done = search("resume-it", "local-a");
      assertEquals(1, done.size(), "resumed, not created again: " + done);
      JsonNode info = done.get(0).path("info");
      assertEquals("FINISHED", info.path("status").asText());
      assertTrue(done.get(0).path("data").path("metrics").toString().contains("cv_auc"));
      JsonNode model = get("/api/2.0/mlflow/registered-models/get?name=resume-it").path("registered_model");
      assertEquals("1", model.path("aliases").get(0).path("version").asText());
      assertEquals("champion", model.path("aliases").get(0).path("alias").asText());
      JsonNode files = get("/api/2.0/mlflow/artifacts/list?run_id=" + info.path("run_id").asText() + "&path=model").path("files");
      assertEquals(1, files.size(), "exactly the run's artifacts (no .crc side files): " + files);
      assertEquals("model/MLmodel", files.get(0).path("path").asText());
    } finally {
      flaky.stop(0);
    }
  }

  @Test
  void anArtifactUriOfAnotherSchemeIsAClearErrorAndTheRunStaysUnsynced() throws Exception {
    post("/api/2.0/mlflow/experiments/create", Map.of("name", "gs-it", "artifact_location", "gs://bucket/mlflow"));
    String runs = dir.resolve("runs-b").toString();
    RunRecorder recorder = RunRecorder.at(runs, Optional.of(RunTracker.mlflow(uri)));
    RunRecorder.Outcome o = recorder.record(run("local-b", "gs-it"), Map.of("model/MLmodel", new byte[] {1}));
    assertNull(o.delivered());
    assertTrue(o.note().contains("artifact_uri 'gs://bucket/mlflow/") && o.note().contains("cannot write")
        && o.note().contains("`leadscore runs sync` retries"), o.note());
    assertFalse(recorder.list().get(0).synced());
    JsonNode half = search("gs-it", "local-b");
    assertEquals(1, half.size());
    assertTrue(half.get(0).path("data").path("tags").toString().contains("\"logged\""),
        "params and metrics are in MLflow, artifacts are not: " + half.get(0).path("data").path("tags"));
    // a second attempt finds the same run and stops at the same place
    recorder.sync();
    assertEquals(1, search("gs-it", "local-b").size());
  }

  private static JsonNode search(String experiment, String localId) throws Exception {
    String exp = get("/api/2.0/mlflow/experiments/get-by-name?experiment_name=" + experiment).path("experiment")
        .path("experiment_id").asText();
    return post("/api/2.0/mlflow/runs/search", Map.of("experiment_ids", List.of(exp),
        "filter", "tags.`leadscore.run_id` = '" + localId + "'")).path("runs");
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(uri + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return JSON.readTree(r.body());
  }

  private static JsonNode post(String path, Map<String, ?> body) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(uri + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return JSON.readTree(r.body());
  }
}
