package io.leadscore.cli;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.features.SparkTestSession;
import io.leadscore.features.runs.JobSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The whole nightly flow through the command line, on a small generated export, run twice. */
class NightlyTest {
  @TempDir
  static Path dir;
  static Path conf;
  static SparkSession spark;

  @BeforeAll
  static void setUp() throws Exception {
    spark = SparkTestSession.get();
    conf = dir.resolve("test.conf");
    Files.writeString(conf, String.join("\n",
        "leadscore.storage.root = \"" + dir.resolve("lakehouse") + "\"",
        "leadscore.landing.dir = \"" + dir.resolve("landing") + "\"",
        "leadscore.writeback.outbox_dir = \"" + dir.resolve("outbox") + "\"",
        "leadscore.generator.leads = 1200",
        "leadscore.training { folds = 2, num_round = 30 }"));
  }

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  record Result(int code, String out, String err) {}

  static List<Path> outboxFiles() throws java.io.IOException {
    try (var files = Files.list(dir.resolve("outbox"))) {
      return files.filter(f -> f.getFileName().toString().matches("crm_import_2026-11-24_.*\\.csv")).toList();
    }
  }

  long count(String table, String dateColumn) {
    return spark.read().format("delta").load(dir.resolve("lakehouse") + "/" + table)
        .filter(col(dateColumn).equalTo(java.sql.Date.valueOf("2026-11-24"))).count();
  }

  @Test
  void nightlyTwiceLeavesTheSameTablesAndReportsEveryKey() throws Exception {
    Path json = dir.resolve("nightly.json");
    Result first = run("nightly", "--date", "2026-11-24", "--conf", conf.toString(), "--summary-json", json.toString());
    assertEquals(0, first.code(), first.out() + first.err());
    Map<String, Object> s = JobSummary.parse(Files.readString(json));
    for (String key : List.of("received", "accepted", "quarantined", "cv_auc", "cv_auc_std", "holdout_auc",
        "precision_at_20", "lift_at_20", "promoted", "scored", "not_scored", "delivered", "failed", "stages")) {
      assertTrue(s.containsKey(key), "summary lacks " + key + ": " + s.keySet());
    }
    assertEquals(((Number) s.get("received")).longValue(),
        ((Number) s.get("accepted")).longValue() + ((Number) s.get("quarantined")).longValue());
    assertTrue(((Number) s.get("cv_auc")).doubleValue() > 0.6, "the generator has a signal: " + s.get("cv_auc"));
    @SuppressWarnings("unchecked")
    Map<String, Object> stages = (Map<String, Object>) s.get("stages");
    assertEquals(List.of("generate", "ingest", "features", "train", "score"), List.copyOf(stages.keySet()));

    long scores = count("gold/lead_scores", "score_date");
    long features = count("gold/features", "as_of_date");
    long scored = ((Number) s.get("scored")).longValue();
    assertEquals(scores, scored);
    assertTrue(scored > 0 && scored <= features);
    List<Path> imports = outboxFiles();
    assertEquals(1, imports.size(), "one CRM import file per run: " + imports);
    assertEquals(scored + 1, Files.readAllLines(imports.get(0)).size(), "header + one line per scored lead");

    long silverLeads = spark.read().format("delta").load(dir.resolve("lakehouse") + "/silver/leads").count();
    Path json2 = dir.resolve("nightly2.json");
    Result second = run("nightly", "--date", "2026-11-24", "--conf", conf.toString(), "--summary-json", json2.toString());
    assertEquals(0, second.code(), second.err());
    assertTrue(second.out().contains("already ingested"), second.out());
    assertEquals(scores, count("gold/lead_scores", "score_date"), "re-running replaces the date's scores");
    assertEquals(features, count("gold/features", "as_of_date"));
    Map<String, Object> again = JobSummary.parse(Files.readString(json2));
    assertEquals(0L, ((Number) again.get("delivered")).longValue(), "no score changed: nothing is sent again");
    // train's and score's versions under their own keys: night 2 trained v2 (equal AUC: challenger) and
    // scored with v1, and neither stage overwrites the other's figure
    assertEquals(1, ((Number) s.get("trained_version")).intValue(), s.toString());
    assertEquals(Map.of("champion", "1"), s.get("scored_with"));
    assertEquals("champion", s.get("decision"));
    assertEquals(2, ((Number) again.get("trained_version")).intValue(), again.toString());
    assertEquals("challenger", again.get("decision"));
    assertEquals("1", ((Map<?, ?>) again.get("scored_with")).get("champion"));
    assertFalse(again.containsKey("model_version"), "the ambiguous key is gone: " + again.keySet());
    assertEquals(1, outboxFiles().size(), "and no second import file");
    assertEquals(silverLeads, spark.read().format("delta").load(dir.resolve("lakehouse") + "/silver/leads").count());
    var scoreRows = spark.read().format("delta").load(dir.resolve("lakehouse") + "/gold/lead_scores");
    assertEquals(scoreRows.count(), scoreRows.select("lead_id", "score_date").distinct().count(), "no duplicates");
    assertEquals(2, spark.read().format("delta").load(dir.resolve("lakehouse") + "/ops/job_runs")
        .filter(col("command").equalTo("nightly")).count(), "job_runs grows by one row per run");
  }

  @Test
  void aFailingStageNamesTheStageTheDateAndTheWayOut() throws Exception {
    Path empty = dir.resolve("empty.conf");
    Files.writeString(empty, "leadscore.storage.root = \"" + dir.resolve("nothing-here") + "\"\n");
    Path json = dir.resolve("failed.json");
    Result r = run("train", "--date", "2026-11-24", "--conf", empty.toString(), "--summary-json", json.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("stage 'train' failed for batch date 2026-11-24"), r.err());
    assertTrue(r.err().contains("run `leadscore features`"), r.err());
    assertEquals("failed", JobSummary.parse(Files.readString(json)).get("status"));
  }

  @Test
  void aTypoInTheConfigurationIsRejectedWithTheKey() throws Exception {
    Path typo = dir.resolve("typo.conf");
    Files.writeString(typo, "leadscore.trainig.folds = 5\n");
    Result r = run("train", "--conf", typo.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("leadscore.trainig.folds"), r.err());
  }
}
