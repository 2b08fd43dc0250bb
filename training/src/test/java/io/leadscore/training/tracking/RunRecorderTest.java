package io.leadscore.training.tracking;

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
        Map.of("max_depth", "5", "eta", "0.08"), metrics, Map.of("git_commit", "abc123", "seed", "7"),
        List.of("plots/roc.png", "model/xgboost/metadata/part-00000"),
        new RunRecord.ModelRegistration("leadscore", "model", alias, localVersion));
  }

  static Map<String, byte[]> artifacts() {
    return Map.of("plots/roc.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'},
        "model/xgboost/metadata/part-00000", "{\"class\":\"x\"}".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aRunSendsTheDocumentedRequestsInOrder() throws Exception {
    try (MlflowTestServer server = new MlflowTestServer()) {
      RunRecorder recorder = RunRecorder.at(tmp.resolve("runs").toString(), Optional.of(RunTracker.mlflow(server.uri())));
      RunRecorder.Outcome first = recorder.record(run("r1", "champion", 1), artifacts());

      assertEquals(List.of(
          "GET /api/2.0/mlflow/experiments/get-by-name?experiment_name=leadscore-test",
          "POST /api/2.0/mlflow/experiments/create",
          "POST /api/2.0/mlflow/runs/create",
          "POST /api/2.0/mlflow/runs/log-batch",
          "PUT /api/2.0/mlflow-artifacts/artifacts/1/run2/artifacts/plots/roc.png",
          "PUT /api/2.0/mlflow-artifacts/artifacts/1/run2/artifacts/model/xgboost/metadata/part-00000",
          "POST /api/2.0/mlflow/runs/update",
          "POST /api/2.0/mlflow/registered-models/create",
          "POST /api/2.0/mlflow/model-versions/create",
          "POST /api/2.0/mlflow/registered-models/alias"), server.lines());
      assertEquals("run2", first.delivered().runId());
      assertEquals("1", first.delivered().modelVersion());
      assertEquals("1", server.aliases.get("leadscore@champion"));
      assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, server.artifacts.get("1/run2/artifacts/plots/roc.png"));
      var batch = server.calls().get(3).json();
      assertEquals(4, batch.path("metrics").size());
      assertEquals("cv_fold_auc", batch.path("metrics").get(3).path("key").asText());
      assertEquals(2, batch.path("metrics").get(3).path("step").asInt());
      assertEquals(2, batch.path("params").size());
      var version = server.calls().get(8).json();
      assertEquals("mlflow-artifacts:/1/run2/artifacts/model", version.path("source").asText());
      assertEquals("run2", version.path("run_id").asText());

      // second run: experiment found, registered model exists (400 RESOURCE_ALREADY_EXISTS is fine), no alias
      server.clear();
      RunRecorder.Outcome second = recorder.record(run("r2", null, 2), artifacts());
      assertEquals("2", second.delivered().modelVersion());
      List<String> lines = server.lines();
      assertEquals("GET /api/2.0/mlflow/experiments/get-by-name?experiment_name=leadscore-test", lines.get(0));
      assertEquals("POST /api/2.0/mlflow/runs/create", lines.get(1));
      assertEquals("POST /api/2.0/mlflow/model-versions/create", lines.get(lines.size() - 1));
      assertEquals("1", server.aliases.get("leadscore@champion"));
      assertTrue(recorder.list().stream().allMatch(RunRecorder.StoredRun::synced));
    }
  }

  @Test
  void anOutageLeavesACompleteLocalRecordThatSyncDeliversOnce() throws Exception {
    try (MlflowTestServer server = new MlflowTestServer()) {
      RunRecorder recorder = RunRecorder.at(tmp.resolve("runs").toString(), Optional.of(RunTracker.mlflow(server.uri())));
      server.down(true);
      RunRecorder.Outcome outcome = recorder.record(run("r1", "champion", 1), artifacts());
      assertNull(outcome.delivered());
      assertTrue(outcome.note().contains("503"), outcome.note());
      assertTrue(outcome.describe().startsWith("local record "), outcome.describe());
      // the record holds everything the server would have had
      RunRecorder.StoredRun stored = recorder.list().get(0);
      assertFalse(stored.synced());
      assertEquals(run("r1", "champion", 1), stored.run());
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
      assertEquals(List.of(), server.lines());
    }
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
    org.junit.jupiter.api.Assertions.assertThrows(io.leadscore.features.LeadscoreException.class,
        () -> RunRecorder.forUri("runs", "file:///tmp/x", Map.of()));
    assertEquals("http://h:5000", RunTracker.trackingUri("", Map.of("MLFLOW_TRACKING_URI", "http://h:5000")));
  }
}
