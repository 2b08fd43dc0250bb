package io.leadscore.models.tracking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The requests a run sends to MLflow, the local record, and `runs sync` after an outage. */
class RunRecorderTest {
  @TempDir
  Path tmp;

  static RunRecord run(String id, String alias, int localVersion) {
    List<RunRecord.Metric> metrics = new ArrayList<>();
    metrics.add(new RunRecord.Metric("cv_auc", 0.81, 0));
    for (int k = 0; k < 3; k++) {
      metrics.add(new RunRecord.Metric("cv_fold_auc", 0.8 + k / 100.0, k));
    }
    return new RunRecord(id, "leadscore-test", "train 2026-11-24 " + id, 1_000L, 2_000L,
        new RunRecord.Logged(Map.of("max_depth", "5", "eta", "0.08"), metrics, Map.of("git_commit", "abc123", "seed", "7"),
            List.of("plots/roc.png", "model/xgboost/metadata/part-00000")),
        new RunRecord.ModelRegistration("leadscore", "model", alias, localVersion));
  }

  static Map<String, byte[]> artifacts() {
    return Map.of("plots/roc.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'},
        "model/xgboost/metadata/part-00000", "{\"class\":\"x\"}".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aRunSendsTheDocumentedRequestsInOrder() throws Exception {
    try (MlflowTestServer server = new MlflowTestServer()) {
      Map<String, Integer> registry = new java.util.HashMap<>(Map.of("champion", 1));
      RunRecorder recorder = RunRecorder.at(tmp.resolve("runs").toString(), Optional.of(RunTracker.mlflow(server.uri())))
          .withAliases("leadscore", () -> Map.copyOf(registry));
      RunRecorder.Outcome first = recorder.record(run("r1", "champion", 1), artifacts());

      assertEquals(List.of(
          "GET /api/2.0/mlflow/experiments/get-by-name?experiment_name=leadscore-test",
          "POST /api/2.0/mlflow/experiments/create",
          "POST /api/2.0/mlflow/runs/search",
          "POST /api/2.0/mlflow/runs/create",
          "POST /api/2.0/mlflow/runs/log-batch",
          "POST /api/2.0/mlflow/runs/set-tag",
          "PUT /api/2.0/mlflow-artifacts/artifacts/1/run2/artifacts/plots/roc.png",
          "PUT /api/2.0/mlflow-artifacts/artifacts/1/run2/artifacts/model/xgboost/metadata/part-00000",
          "POST /api/2.0/mlflow/runs/set-tag",
          "POST /api/2.0/mlflow/runs/update",
          "POST /api/2.0/mlflow/registered-models/create",
          "GET /api/2.0/mlflow/model-versions/search?filter=name%3D%27leadscore%27+and+run_id%3D%27run2%27",
          "POST /api/2.0/mlflow/model-versions/create",
          "POST /api/2.0/mlflow/runs/set-tag",
          "POST /api/2.0/mlflow/registered-models/alias",
          "DELETE /api/2.0/mlflow/registered-models/alias"), server.lines());
      assertEquals("run2", first.delivered().runId());
      assertEquals("1", first.delivered().modelVersion());
      assertEquals("1", server.aliases.get("leadscore@champion"));
      assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, server.artifacts.get("1/run2/artifacts/plots/roc.png"));
      var batch = server.calls().get(4).json();
      assertEquals(4, batch.path("metrics").size());
      assertEquals("cv_fold_auc", batch.path("metrics").get(3).path("key").asText());
      assertEquals(2, batch.path("metrics").get(3).path("step").asInt());
      assertEquals(2, batch.path("params").size());
      assertEquals("r1", server.calls().get(3).json().path("tags").get(0).path("value").asText());
      var version = server.calls().get(12).json();
      assertEquals("mlflow-artifacts:/1/run2/artifacts/model", version.path("source").asText());
      assertEquals("run2", version.path("run_id").asText());

      // second run: experiment found, registered model exists (400 RESOURCE_ALREADY_EXISTS is fine); the
      // registry's current state names v2 the challenger
      registry.put("challenger", 2);
      server.clear();
      RunRecorder.Outcome second = recorder.record(run("r2", "champion", 2), artifacts());
      assertEquals("2", second.delivered().modelVersion());
      List<String> lines = server.lines();
      assertEquals("GET /api/2.0/mlflow/experiments/get-by-name?experiment_name=leadscore-test", lines.get(0));
      assertEquals("POST /api/2.0/mlflow/runs/search", lines.get(1));
      assertEquals("POST /api/2.0/mlflow/runs/create", lines.get(2));
      assertEquals("POST /api/2.0/mlflow/registered-models/alias", lines.get(lines.size() - 1));
      // the alias recorded with the run ("champion") is history; the registry's state decides
      assertEquals("1", server.aliases.get("leadscore@champion"));
      assertEquals("2", server.aliases.get("leadscore@challenger"));
      assertTrue(recorder.list().stream().allMatch(RunRecorder.StoredRun::synced));
    }
  }

  @Test
  void anOutageLeavesACompleteLocalRecordThatSyncDeliversOnce() throws Exception {
    try (MlflowTestServer server = new MlflowTestServer()) {
      RunRecorder recorder = RunRecorder.at(tmp.resolve("runs").toString(), Optional.of(RunTracker.mlflow(server.uri())))
          .withAliases("leadscore", () -> Map.of("champion", 1));
      server.down(true);
      RunRecorder.Outcome outcome = recorder.record(run("r1", "champion", 1), artifacts());
      assertNull(outcome.delivered());
      assertTrue(outcome.note().contains("503"), outcome.note());
      assertTrue(outcome.describe().startsWith("local record "), outcome.describe());
      // the record holds everything the server would have had
      RunRecorder.StoredRun stored = recorder.list().get(0);
      assertFalse(stored.synced());
      assertEquals(run("r1", "champion", 1).withTags(stored.run().tags()), stored.run());
      assertEquals("r1", stored.run().tags().get("leadscore.run_id"));
      assertEquals("7", stored.run().tags().get("seed"));
      assertArrayEquals(artifacts().get("plots/roc.png"),
          java.nio.file.Files.readAllBytes(tmp.resolve("runs/r1/artifacts/plots/roc.png")));

      RunRecorder.SyncResult stillDown = recorder.sync();
      assertEquals(0, stillDown.delivered());
      assertEquals(1, stillDown.failed());

      server.down(false);
      server.clear();
      RunRecorder.SyncResult synced = recorder.sync();
      assertEquals(1, synced.delivered());
      assertEquals(1, server.lines().stream().filter(l -> l.endsWith("runs/create")).count());
      assertEquals(artifacts().keySet().size(), server.artifacts.size());
      assertEquals("1", server.aliases.get("leadscore@champion"));

      server.clear();
      RunRecorder.SyncResult again = recorder.sync();
      assertEquals(0, again.delivered());
      assertEquals(1, again.alreadySynced());
      // nothing is delivered twice; the aliases are set again from the registry's state (idempotent)
      assertEquals(List.of("POST /api/2.0/mlflow/registered-models/alias",
          "DELETE /api/2.0/mlflow/registered-models/alias"), server.lines());
    }
  }

  @Test
  void whatTheServerDidNotGetIsNamedUntilSyncDeliversIt() throws Exception {
    try (MlflowTestServer server = new MlflowTestServer()) {
      RunRecorder recorder = RunRecorder.at(tmp.resolve("runs").toString(), Optional.of(RunTracker.mlflow(server.uri())))
          .withAliases("leadscore", () -> Map.of("champion", 1));
      server.down(true);
      RunRecorder.Outcome down = recorder.record(run("r1", "champion", 1), artifacts());
      assertEquals(1, down.undelivered().size(), down.undelivered().toString());
      assertTrue(down.undelivered().get(0).startsWith("run r1 was not delivered ("), down.undelivered().toString());
      assertTrue(down.undelivered().get(0).contains("the MLflow aliases were not moved"), down.undelivered().toString());
      server.down(false);
      // the next night reaches the server, but r1 (and the champion it registered) is still only local
      RunRecorder.Outcome next = recorder.record(run("r2", "challenger", 2), artifacts());
      assertTrue(next.undelivered().contains("1 earlier run(s) not delivered yet: r1"), next.undelivered().toString());
      assertTrue(next.undelivered().stream().anyMatch(u -> u.startsWith("champion is local v1")),
          next.undelivered().toString());
      recorder.sync();
      assertEquals(List.of(), recorder.record(run("r3", "challenger", 3), artifacts()).undelivered());
    }
  }

  @Test
  void noServerConfiguredOwesNothing() {
    RunRecorder recorder = RunRecorder.at(tmp.resolve("runs").toString(), Optional.empty());
    assertEquals(List.of(), recorder.record(run("r1", null, 1), artifacts()).undelivered());
  }

  @Test
  void noServerConfiguredRecordsLocallyAndSyncSaysHowToConfigureOne() {
    RunRecorder recorder = RunRecorder.at(tmp.resolve("runs").toString(), Optional.empty());
    RunRecorder.Outcome o = recorder.record(run("r1", null, 1), artifacts());
    assertTrue(o.describe().contains("no tracking server configured"), o.describe());
    TrackingException e = org.junit.jupiter.api.Assertions.assertThrows(TrackingException.class, recorder::sync);
    assertEquals("No tracking server: set MLFLOW_TRACKING_URI or leadscore.mlflow.tracking_uri to sync runs",
        e.getMessage());
  }

  @Test
  void anUnreachableServerIsAnOutageToo() {
    RunRecorder recorder = RunRecorder.at(tmp.resolve("runs").toString(),
        Optional.of(RunTracker.mlflow("http://127.0.0.1:1")));
    RunRecorder.Outcome o = recorder.record(run("r1", null, 1), artifacts());
    assertNull(o.delivered());
    assertEquals(1, recorder.list().size());
  }

  @Test
  void credentialsInTheTrackingUriNeverReachMessages() {
    RunRecorder recorder = RunRecorder.at(tmp.resolve("runs").toString(),
        Optional.of(RunTracker.mlflow("http://alice:s3cret@127.0.0.1:1")));
    RunRecorder.Outcome o = recorder.record(run("r1", null, 1), artifacts());
    assertFalse(o.note().contains("s3cret"), o.note());
    assertTrue(o.note().contains("http://***@127.0.0.1:1"), o.note());
    org.junit.jupiter.api.Assertions.assertThrows(io.leadscore.core.LeadscoreException.class,
        () -> RunRecorder.forUri("runs", "file:///tmp/x", Map.of()));
    assertEquals("http://h:5000", RunTracker.trackingUri("", Map.of("MLFLOW_TRACKING_URI", "http://h:5000")));
  }
}
