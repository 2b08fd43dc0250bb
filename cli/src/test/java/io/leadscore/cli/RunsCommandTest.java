package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.models.tracking.RunRecord;
import io.leadscore.models.tracking.RunRecorder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `leadscore runs` and `rollback` on recorded runs, without Spark. */
class RunsCommandTest {
  @TempDir
  Path dir;

  static RunRecord run(String id, double cvAuc, int version) {
    return new RunRecord(id, "leadscore", "train " + id, 1_000L * version, 2_000L * version,
        new RunRecord.Logged(Map.of(),
            List.of(new RunRecord.Metric("cv_auc", cvAuc, 0), new RunRecord.Metric("cv_auc_std", 0.01, 0),
                new RunRecord.Metric("holdout_auc", cvAuc + 0.01, 0), new RunRecord.Metric("promoted", 1, 0)),
            Map.of("holdout", "out of time"), List.of()), new RunRecord.ModelRegistration("leadscore", "model", null, version));
  }

  String[] exec(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }

  @Test
  void listsRecordedRunsBestFirstAndSyncNeedsAServer() {
    String root = dir.resolve("lake").toString();
    RunRecorder recorder = RunRecorder.at(root + "/runs", Optional.empty());
    recorder.record(run("aaaaaaaa-1", 0.71, 1), Map.of());
    recorder.record(run("bbbbbbbb-2", 0.83, 2), Map.of());
    recorder.record(run("cccccccc-3", 0.77, 3), Map.of());

    String[] r = exec("runs", "--conf", "../conf/local.conf", "--set", "leadscore.storage.root=" + root);
    assertEquals("0", r[0], r[2]);
    List<String> lines = r[1].lines().toList();
    assertTrue(lines.get(0).startsWith("run "), r[1]);
    assertTrue(lines.get(1).startsWith("bbbbbbbb") && lines.get(2).startsWith("cccccccc")
        && lines.get(3).startsWith("aaaaaaaa"), r[1]);
    assertTrue(lines.get(1).contains("0.8300±0.0100") && lines.get(1).contains("local only"), lines.get(1));

    String[] byHoldout = exec("runs", "--by", "holdout_auc", "--limit", "1", "--conf", "../conf/local.conf", "--set", "leadscore.storage.root=" + root);
    assertTrue(byHoldout[1].lines().toList().get(1).startsWith("bbbbbbbb"), byHoldout[1]);

    String[] sync = exec("runs", "sync", "--conf", "../conf/local.conf", "--set", "leadscore.storage.root=" + root);
    assertEquals("1", sync[0]);
    assertEquals("leadscore runs sync: No tracking server: set MLFLOW_TRACKING_URI or leadscore.mlflow.tracking_uri "
        + "to sync runs", sync[2].trim());
  }

  @Test
  void rollbackWithoutHistorySaysWhy() {
    String root = dir.resolve("empty").toString();
    String[] r = exec("rollback", "--conf", "../conf/local.conf", "--set", "leadscore.storage.root=" + root);
    assertEquals("1", r[0]);
    assertTrue(r[2].startsWith("leadscore rollback: Nothing to roll back to: the registry at " + root + "/models has "
        + "no champion"), r[2]);
  }
}
