package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** `leadscore runs --json` and `--format csv`: every recorded metric, per-fold series, params and decision. */
class RunsExportTest {
  @TempDir
  Path dir;

  static RunRecord run(String id, double cvAuc, int version, boolean promoted) {
    return new RunRecord(id, "leadscore", "train " + id, 1_000L * version, 2_000L * version, new RunRecord.Logged(
        Map.of("max_depth", String.valueOf(version + 2), "folds", "3"),
        List.of(new RunRecord.Metric("cv_auc", cvAuc, 0), new RunRecord.Metric("cv_auc_std", 0.01, 0),
            new RunRecord.Metric("cv_fold_auc", cvAuc - 0.01, 0), new RunRecord.Metric("cv_fold_auc", cvAuc + 0.01, 1),
            new RunRecord.Metric("holdout_auc", Double.NaN, 0), new RunRecord.Metric("promoted", promoted ? 1 : 0, 0)),
        Map.of("decision", promoted ? "champion: first model" : "challenger: gain 0.001 < 0.005", "batch_date", "2026-11-24"),
        List.of()), new RunRecord.ModelRegistration("leadscore", "model", null, version));
  }

  String[] exec(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(new Main()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }

  @Test
  void jsonCarriesMetricsSeriesParamsAndTheDecision() throws Exception {
    String root = dir.resolve("lake").toString();
    RunRecorder recorder = RunRecorder.at(root + "/runs", Optional.empty());
    recorder.record(run("aaaaaaaa-1", 0.71, 1, true), Map.of());
    recorder.record(run("bbbbbbbb-2", 0.83, 2, false), Map.of());
    String[] r = exec("runs", "--json", "--conf", "../conf/local.conf", "--set", "leadscore.storage.root=" + root);
    assertEquals("0", r[0], r[2]);
    JsonNode runs = new ObjectMapper().readTree(r[1]);
    assertEquals(2, runs.size());
    JsonNode best = runs.get(0);
    assertEquals("bbbbbbbb-2", best.get("run_id").asText());
    assertEquals(0.83, best.get("metrics").get("cv_auc").asDouble(), 1e-12);
    assertTrue(best.get("metrics").get("holdout_auc").isNull(), "NaN is null, not an invalid JSON token");
    assertEquals(List.of(0.82, 0.84), List.of(best.get("series").get("cv_fold_auc").get(0).asDouble(),
        best.get("series").get("cv_fold_auc").get(1).asDouble()));
    assertEquals("4", best.get("params").get("max_depth").asText());
    assertEquals(false, best.get("promoted").asBoolean());
    assertEquals("challenger: gain 0.001 < 0.005", best.get("decision").asText());
    assertEquals(2, best.get("model_version").asInt());
    assertEquals(root + "/runs/bbbbbbbb-2", best.get("dir").asText());
    assertTrue(best.get("mlflow_run_id").isNull());

    String[] csv = exec("runs", "--format", "csv", "--conf", "../conf/local.conf", "--set", "leadscore.storage.root=" + root);
    assertEquals("0", csv[0], csv[2]);
    List<String> lines = csv[1].lines().toList();
    assertEquals(3, lines.size(), csv[1]);
    assertTrue(lines.get(0).startsWith("run_id,run_name,started,finished,model_version,promoted,decision,"), lines.get(0));
    assertTrue(lines.get(0).contains(",cv_auc,") && lines.get(0).endsWith("param_folds,param_max_depth"), lines.get(0));
    assertTrue(lines.get(1).startsWith("bbbbbbbb-2,") && lines.get(1).contains(",\"[0.82,0.84]\","), lines.get(1));

    String[] bad = exec("runs", "--format", "xml", "--conf", "../conf/local.conf", "--set", "leadscore.storage.root=" + root);
    assertEquals("2", bad[0]);
    assertEquals("leadscore runs: --format 'xml' is not one of table, csv, json", bad[2].strip());
    String[] none = exec("runs", "--json", "--conf", "../conf/local.conf", "--set", "leadscore.storage.root=" + dir.resolve("empty"));
    assertEquals("[\n]\n", none[1]);
  }
}
