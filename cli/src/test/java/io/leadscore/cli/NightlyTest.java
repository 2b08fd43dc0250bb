package io.leadscore.cli;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.SparkTestSession;
import io.leadscore.core.runs.JobSummary;
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

/**
 * The whole nightly flow through the command line, on a small generated export, run twice (once, before all tests);
 * then the scoring runs that must not pass for success (nothing delivered, nothing scored) on copies of its
 * lakehouse; then, on another copy, a third night 44 days later (so that the first night's scores have a closed label
 * horizon) and the data scientists' notebooks executed headless against it ({@link NotebookRunner}).
 */
class NightlyTest {
  static final String FIRST = "2026-11-24";
  static final String SECOND = "2027-01-07";
  @TempDir
  static Path dir;
  static Path conf;
  static SparkSession spark;
  /** The first night run twice, built once: no test changes {@code dir/lakehouse} after it (the others copy it). */
  static Nights nights;

  /**
   * The two runs of the first night and what was measured between them (the lakehouse after the first run), for
   * {@link #nightlyTwiceLeavesTheSameTablesAndReportsEveryKey}.
   */
  record Nights(Result first, Map<String, Object> summary, long scores, long features, long silverLeads, int imports,
                Result second, Map<String, Object> again) {}

  @BeforeAll
  static void setUp() throws Exception {
    spark = SparkTestSession.get();
    conf = writeConf(dir);
    Path json = dir.resolve("nightly.json");
    Result first = run("nightly", "--date", FIRST, "--conf", conf.toString(), "--summary-json", json.toString());
    assertEquals(0, first.code(), first.out() + first.err());
    long scores = count("gold/lead_scores", "score_date");
    long features = count("gold/features", "as_of_date");
    long silverLeads = spark.read().format("delta").load(dir.resolve("lakehouse") + "/silver/leads").count();
    int imports = outboxFiles().size();
    Path json2 = dir.resolve("nightly2.json");
    Result second = run("nightly", "--date", FIRST, "--conf", conf.toString(), "--summary-json", json2.toString());
    assertEquals(0, second.code(), second.out() + second.err());
    nights = new Nights(first, JobSummary.parse(Files.readString(json)), scores, features, silverLeads, imports,
        second, JobSummary.parse(Files.readString(json2)));
  }

  /** The configuration of a scratch folder {@code base}: its lakehouse, landing folder and outbox. */
  static Path writeConf(Path base) throws java.io.IOException {
    return Files.writeString(base.resolve("test.conf"), String.join("\n",
        "leadscore.storage.root = \"" + base.resolve("lakehouse") + "\"",
        "leadscore.landing.dir = \"" + base.resolve("landing") + "\"",
        "leadscore.writeback.outbox_dir = \"" + base.resolve("outbox") + "\"",
        "leadscore.generator.leads = 1200",
        // training snapshots sit on a calendar every cadence_days from the epoch: with the first night as the epoch,
        // it is one of the third night's snapshots, so its scores get realised outcomes (the scores notebook)
        "leadscore.snapshots.epoch = \"" + FIRST + "\"",
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
      return files.filter(f -> f.getFileName().toString().matches("crm_import_\\d{4}-\\d{2}-\\d{2}_\\d{6}_[0-9a-f]+\\.csv")).toList();
    }
  }

  static long count(String table, String dateColumn) {
    return spark.read().format("delta").load(dir.resolve("lakehouse") + "/" + table)
        .filter(col(dateColumn).equalTo(java.sql.Date.valueOf("2026-11-24"))).count();
  }

  @Test
  void nightlyTwiceLeavesTheSameTablesAndReportsEveryKey() throws Exception {
    Result first = nights.first();
    assertTrue(first.out().matches("(?s).*\\n  status:\\s+succeeded\\n.*"), first.out());
    assertTrue(first.out().matches("(?s).*\\n  problems:\\s+0\\n$"), "no problems, printed last: " + first.out());
    Map<String, Object> s = nights.summary();
    assertEquals("succeeded", s.get("status"));
    assertEquals(List.of(), s.get("problems"), "the happy path lists no problems");
    for (String key : List.of("received", "accepted", "quarantined", "cv_auc", "cv_auc_std", "holdout_auc",
        "precision_at_20", "lift_at_20", "promoted", "scored", "not_scored", "delivered", "failed", "stages")) {
      assertTrue(s.containsKey(key), "summary lacks " + key + ": " + s.keySet());
    }
    assertEquals(((Number) s.get("received")).longValue(),
        ((Number) s.get("accepted")).longValue() + ((Number) s.get("quarantined")).longValue());
    assertTrue(((Number) s.get("cv_auc")).doubleValue() > 0.6, "the generator has a signal: " + s.get("cv_auc"));
    @SuppressWarnings("unchecked")
    Map<String, Object> stages = (Map<String, Object>) s.get("stages");
    assertEquals(List.of("generate", "ingest", "purge", "features", "train", "score", "route", "materialise", "monitor"),
        List.copyOf(stages.keySet()));
    // the monitor after score: its alerts (severity warn: not problems), the drift rows and the nightly report
    assertTrue(s.get("alerts") instanceof List<?>, "alerts: " + s.get("alerts"));
    // the first night after training is quiet: drift is measured against the open leads of the training date (the
    // population the model scores), not against the decided leads it was trained on
    assertEquals(List.of(), s.get("alerts"), "a quiet first night; worst drift " + s.get("worst_drift"));
    assertEquals(false, s.get("retrain_recommended"));
    assertTrue(s.containsKey("score_psi_previous") && s.get("score_psi_previous") == null,
        "no night before: null, not NaN: " + s.get("score_psi_previous"));
    assertTrue(((Number) s.get("score_psi")).doubleValue() < 0.2, "score PSI " + s.get("score_psi"));
    Path reference = dir.resolve("lakehouse").resolve("models").resolve("v1").resolve("reference.json");
    assertTrue(Files.readString(reference).contains("\"population\":\"open leads on the training date\""),
        "the inputs' reference is the scored population: " + reference);
    assertEquals(dir.resolve("lakehouse").resolve("reports").resolve("2026-11-24.html").toString(), s.get("report"));
    assertTrue(Files.readString(Path.of((String) s.get("report"))).contains("<h2>Feature drift</h2>"));
    assertTrue(count("gold/drift", "date") > 10, "a drift row per model input");

    long scores = nights.scores();
    long features = nights.features();
    long scored = ((Number) s.get("scored")).longValue();
    assertEquals(scores, scored);
    assertTrue(scored > 0 && scored <= features);
    assertEquals(1, nights.imports(), "one CRM import file per run");
    List<Path> imports = outboxFiles();
    assertEquals(scored + 1, Files.readAllLines(imports.get(0)).size(), "header + one line per scored lead");

    // the second run of the same night
    Result second = nights.second();
    assertTrue(second.out().contains("already ingested"), second.out());
    assertEquals(scores, count("gold/lead_scores", "score_date"), "re-running replaces the date's scores");
    assertEquals(features, count("gold/features", "as_of_date"));
    Map<String, Object> again = nights.again();
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
    assertEquals(nights.silverLeads(), spark.read().format("delta").load(dir.resolve("lakehouse") + "/silver/leads")
        .count());
    var scoreRows = spark.read().format("delta").load(dir.resolve("lakehouse") + "/gold/lead_scores");
    assertEquals(scoreRows.count(), scoreRows.select("lead_id", "score_date").distinct().count(), "no duplicates");
    assertEquals(2, spark.read().format("delta").load(dir.resolve("lakehouse") + "/ops/job_runs")
        .filter(col("command").equalTo("nightly")).count(), "job_runs grows by one row per run");
  }

  /** A copy of the nightly's lakehouse without the CRM ledger: every score is a change to deliver again. */
  static Path lakehouseCopy(String name) throws java.io.IOException {
    return copy(dir.resolve("lakehouse"), dir.resolve(name), "gold/crm_sync");
  }

  /** A copy of {@code from} at {@code copy} without the lakehouse lock and {@code skipped} (relative, or null). */
  static Path copy(Path from, Path copy, String skipped) throws java.io.IOException {
    try (var files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path rel = from.relativize(p);
        if ((skipped != null && rel.startsWith(skipped)) || rel.startsWith("ops/leadscore.lock")) {
          continue;
        }
        Path to = copy.resolve(rel.toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    return copy;
  }

  @Test
  void anUnwritableOutboxDegradesTheRun() throws Exception {
    Path root = lakehouseCopy("lakehouse-outbox");
    Path notAFolder = dir.resolve("outbox-is-a-file");
    Files.writeString(notAFolder, "x");
    Path json = dir.resolve("outbox.json");
    Result r = run("score", "--date", "2026-11-24", "--conf", conf.toString(), "--summary-json", json.toString(),
        "--set", "leadscore.storage.root=" + root, "--set", "leadscore.writeback.outbox_dir=" + notAFolder.resolve("out"));
    assertEquals(3, r.code(), r.out() + r.err());
    Map<String, Object> s = JobSummary.parse(Files.readString(json));
    assertEquals("degraded", s.get("status"));
    assertEquals(0L, ((Number) s.get("delivered")).longValue());
    assertTrue(((Number) s.get("failed")).longValue() > 0, s.toString());
    assertTrue(r.out().contains("[crm_failed] score:"), r.out());
  }

  @Test
  void scoringADateWithoutFeaturesIsNotASuccess() throws Exception {
    Path root = lakehouseCopy("lakehouse-nofeatures");
    Path json = dir.resolve("nofeatures.json");
    Result r = run("score", "--date", "2026-11-30", "--conf", conf.toString(), "--summary-json", json.toString(),
        "--set", "leadscore.storage.root=" + root);
    assertEquals(3, r.code(), r.out() + r.err());
    Map<String, Object> s = JobSummary.parse(Files.readString(json));
    assertEquals(0L, ((Number) s.get("scored")).longValue());
    assertTrue(r.out().contains("[nothing_scored]") && r.out().contains("leadscore features"), r.out());
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

  static NotebookRunner notebooks;

  /**
   * The notebooks' lakehouse: a copy of the two nights of {@link #FIRST} (with its landing folder, where the
   * generator keeps its world), then the daily export and the nightly of {@link #SECOND} on it. Once per class, for
   * whichever notebook test comes first; the first night's lakehouse stays as the set-up left it.
   */
  static synchronized NotebookRunner thirdNight() throws Exception {
    if (notebooks == null) {
      Path third = Files.createDirectories(dir.resolve("third"));
      copy(dir.resolve("lakehouse"), third.resolve("lakehouse"), null);
      copy(dir.resolve("landing"), third.resolve("landing"), null);
      Path thirdConf = writeConf(third);
      Result generate = run("generate", "--date", SECOND, "--conf", thirdConf.toString());
      assertEquals(0, generate.code(), generate.out() + generate.err());
      Result result = run("nightly", "--date", SECOND, "--conf", thirdConf.toString());
      assertEquals(0, result.code(), result.out() + result.err());
      notebooks = new NotebookRunner(third, thirdConf);
    }
    return notebooks;
  }

  @Test
  void compareRunsShowsTheNightsRunsAndTheirDecisions() throws Exception {
    String out = thirdNight().execute("01_compare_runs.ipynb");
    assertTrue(out.contains("3 recorded runs"), "two runs of the first night and one of the third: " + out);
    assertTrue(out.contains("  champion  promoted: "), "the first run is promoted, with its reason: " + out);
    assertTrue(out.contains("MLFLOW_TRACKING_URI is not set"), out);
  }

  @Test
  void featuresNotebookShowsTheTrainingSetAndTheLeakageReport() throws Exception {
    String out = thirdNight().execute("02_features.ipynb");
    assertTrue(out.matches("(?s).*\\d+ training rows over \\d+ snapshots, base rate 0\\.\\d+.*"), out);
    assertTrue(out.contains("leakage threshold 0.95: "), out);
    assertFalse(out.contains("no stored report"), out);
  }

  @Test
  void scoresNotebookShowsTheLatestDateAndACalibrationForTheClosedHorizon() throws Exception {
    String out = thirdNight().execute("03_scores.ipynb");
    assertTrue(out.contains("leads scored on " + SECOND), out);
    assertFalse(out.contains("No score date has a closed horizon yet"), out);
    assertTrue(out.contains(FIRST), "the first night's scores are calibrated: " + out);
  }

  @Test
  void theIssuesCommandsOnTheNightlyLakehouse() throws Exception {
    thirdNight();
    String[] at = {"--conf", dir.resolve("third").resolve("test.conf").toString()};
    Result table = run("sql", "select tier, count(*) from lead_scores group by tier order by tier", at[0], at[1]);
    assertEquals(0, table.code(), table.err());
    List<String> lines = table.out().lines().toList();
    assertEquals("tier  count(1)", lines.get(0));
    assertTrue(lines.get(2).matches("[ABCD]     \\d+"), table.out());
    assertTrue(lines.get(lines.size() - 1).matches("\\([1-4] rows?\\)"), table.out());
    Path csv = dir.resolve("third").resolve("tiers.csv");
    Result written = run("sql", "select tier, count(*) n from lead_scores group by tier order by tier", "--format", "csv",
        "--out", csv.toString(), at[0], at[1]);
    assertEquals(0, written.code(), written.err());
    assertEquals("tier,n", Files.readAllLines(csv).get(0));
    for (String write : List.of("insert into lead_scores select * from lead_scores", "delete from lead_scores")) {
      Result refused = run("sql", write, at[0], at[1]);
      assertEquals(2, refused.code(), write);
      assertTrue(refused.err().startsWith("leadscore sql: Refused: the statement is a "), refused.err());
    }
  }

  @Test
  void committedNotebooksCarryNoOutputs() throws Exception {
    List<Path> nbs;
    try (var files = Files.list(NotebookRunner.NOTEBOOKS)) {
      nbs = files.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList();
    }
    assertEquals(List.of("01_compare_runs.ipynb", "02_features.ipynb", "03_scores.ipynb"),
        nbs.stream().map(f -> f.getFileName().toString()).toList());
    for (Path nb : nbs) {
      for (var cell : new com.fasterxml.jackson.databind.ObjectMapper().readTree(nb.toFile()).get("cells")) {
        assertTrue(cell.path("outputs").isMissingNode() || cell.path("outputs").isEmpty(), nb + " has outputs");
        assertTrue(cell.path("execution_count").isMissingNode() || cell.path("execution_count").isNull(), nb + " was run");
      }
    }
  }
}
