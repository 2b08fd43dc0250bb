package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.core.runs.JobSummary;
import io.leadscore.training.TrainResult;
import io.leadscore.training.TrainingSettings;
import io.leadscore.models.tracking.RunRecord;
import io.leadscore.models.tracking.RunRecorder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tracking server that is configured but down: the run is recorded locally and the status is decided by
 * the runner from the train stage's problems (tracking_pending, exit 3), unless leadscore.mlflow.undelivered
 * says warn. The stage records a tiny run through the same recorder and hook the train stage uses, so no model
 * is trained.
 */
class TrackingPendingTest {
  @TempDir
  Path dir;

  record Outcome(int code, Map<String, Object> summary, String out, String err) {}

  static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A stage that records one run as the train stage does and reports what MLflow did not get. */
  static final class RecordingStage implements Stage {
    @Override
    public String name() {
      return "train";
    }

    @Override
    public void validate(Context ctx) {
      new TrainStage().validate(ctx);
    }

    @Override
    public JobSummary run(Context ctx) {
      RunRecorder recorder = ctx.runRecorder(TrainingSettings.from(ctx.config).mlflow());
      RunRecord run = new RunRecord("r1", "leadscore", "it 2026-11-24 v1 champion", 1_000L, 2_000L,
          new RunRecord.Logged(Map.of("max_depth", "5"), List.of(new RunRecord.Metric("cv_auc", 0.8, 0)), Map.of(),
              List.of("plots/roc.png")),
          new RunRecord.ModelRegistration("leadscore", "model", "champion", 1));
      RunRecorder.Outcome o = recorder.record(run, Map.of("plots/roc.png", "png".getBytes(StandardCharsets.UTF_8)));
      return TrainStage.tracking(new JobSummary().put("run", o.describe()), ctx,
          new TrainResult.Run(run.id(), o.describe(), o.undelivered()));
    }
  }

  Outcome train(String... overrides) throws Exception {
    Path conf = dir.resolve("it.conf");
    Files.writeString(conf, "leadscore.storage.root = \"" + dir.resolve("lake") + "\"\n");
    CommonOptions o = new CommonOptions();
    o.conf = conf;
    o.quiet = true;
    o.summaryJson = dir.resolve("summary.json");
    for (String kv : overrides) {
      o.overrides.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Files.deleteIfExists(o.summaryJson);
    int code = new Runner(new PrintWriter(out), new PrintWriter(err)).run("train", o, List.of(new RecordingStage()));
    Map<String, Object> summary = Files.exists(o.summaryJson)
        ? JobSummary.parse(Files.readString(o.summaryJson)) : Map.of();
    return new Outcome(code, summary, out.toString(), err.toString());
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> problems(Outcome r) {
    return (List<Map<String, Object>>) r.summary().get("problems");
  }

  @Test
  void aTrackingServerThatIsDownMakesTheRunDegradedAndNamesTheUndeliveredRun() throws Exception {
    String uri = "http://127.0.0.1:" + closedPort();
    Outcome r = train("leadscore.mlflow.tracking_uri=" + uri);
    assertEquals(ExitCodes.DEGRADED, r.code(), r.out() + r.err());
    assertEquals("degraded", r.summary().get("status"));
    assertEquals(1, problems(r).size(), r.out());
    Map<String, Object> p = problems(r).get(0);
    assertEquals("tracking_pending", p.get("kind"));
    String message = String.valueOf(p.get("message"));
    assertTrue(message.contains("run r1 was not delivered"), message);
    assertTrue(message.contains("aliases were not moved"), message);
    assertTrue(message.contains("leadscore runs sync"), message);
    assertTrue(Files.exists(dir.resolve("lake/runs/r1/run.json")), "the run is recorded locally");
  }

  @Test
  void warnKeepsTheStatusAndABadValueIsAConfigurationError() throws Exception {
    String uri = "http://127.0.0.1:" + closedPort();
    Outcome warn = train("leadscore.mlflow.tracking_uri=" + uri, "leadscore.mlflow.undelivered=warn");
    assertEquals(ExitCodes.OK, warn.code(), warn.out() + warn.err());
    assertEquals("succeeded", warn.summary().get("status"));
    assertTrue(String.valueOf(warn.summary().get("run")).contains("runs sync"), warn.out());

    Outcome bad = train("leadscore.mlflow.undelivered=sometimes");
    assertEquals(ExitCodes.CONFIG, bad.code());
    assertTrue(bad.err().contains("'leadscore.mlflow.undelivered' is \"sometimes\""), bad.err());
  }

  @Test
  void noTrackingServerConfiguredIsNoProblem() throws Exception {
    Outcome r = train();
    assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
    assertEquals(List.of(), problems(r));
  }
}
