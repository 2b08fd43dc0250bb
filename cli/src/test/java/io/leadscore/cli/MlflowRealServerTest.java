package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.core.SparkTestSession;
import io.leadscore.features.gold.PipelineFixture;
import io.leadscore.models.registry.ModelCard;
import io.leadscore.models.registry.ModelRegistry;
import io.leadscore.training.xgb.NativeXgb;
import io.leadscore.training.xgb.Rows;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The MLflow side of the nightly, proven against the real MLflow 2.17.2 server in both artifact modes:
 * nights with training, a promotion, a challenger, a rollback, a night with the server stopped and a later
 * promotion, then {@code runs sync} twice. Everything is checked through MLflow's REST API (runs, metrics by
 * name, artifact lists, registered versions and their sources, aliases), and Python MLflow loads
 * {@code models:/<name>@champion} and reproduces the Java probabilities on 100 rows.
 */
class MlflowRealServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String MODEL = "leadscore-it";

  @TempDir
  static Path dir;
  static Path base;

  /** One small generated lakehouse with features and a training set, copied for each server mode. */
  @BeforeAll
  static void lakehouse() throws Exception {
    String why = RealMlflowServer.unavailable();
    Assumptions.assumeTrue(why == null, "skipped: " + why);
    SparkTestSession.get();
    // the build's shared generated pipeline (generate, ingest, features of 2026-11-24), copied: training is what
    // this class is about, and the stages before it are other tests' subject
    base = PipelineFixture.shared(dir.resolve("base"), 1500).dir;
  }

  static Path conf(Path root, String trackingUri) throws IOException {
    Files.createDirectories(root);
    // the file's name is the configuration's name: run names start with it
    Path conf = root.resolve("it.conf");
    Files.writeString(conf, String.join("\n",
        "leadscore.storage.root = \"" + root.resolve("lakehouse") + "\"",
        "leadscore.landing.dir = \"" + base.resolve("landing") + "\"",
        "leadscore.writeback.outbox_dir = \"" + root.resolve("outbox") + "\"",
        "leadscore.generator.leads = 1500",
        "leadscore.training { folds = 2, num_round = 25, grid { max_depth = [3] } }",
        "leadscore.mlflow { tracking_uri = \"" + trackingUri + "\", experiment = \"leadscore-it\", "
            + "registered_model = \"" + MODEL + "\" }"));
    return conf;
  }

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /**
   * The artifact proxy (the 2.x default, mlflow-artifacts: URIs): one night, then the same REST checks and
   * Python loading the champion through the proxy. The long scenario runs in the other mode, the one that
   * lost artifacts before, to keep the suite short.
   */
  @Test
  void throughTheArtifactProxyARunAndItsModelAreComplete() throws Exception {
    Path root = dir.resolve("proxy");
    copy(base.resolve("lakehouse"), root.resolve("lakehouse"));
    try (RealMlflowServer server = new RealMlflowServer(root.resolve("mlflow"), false)) {
      String uri = server.start();
      train(conf(root, uri).toString(), "2026-11-24");
      assertEquals(Map.of("champion", "1"), aliases(uri));
      checkRuns(uri, false, 1);
      checkVersions(uri, 1);
      pythonLoadsTheChampion(uri, root);
    }
  }

  /** --default-artifact-root (plain-path run URIs): the nights of a month, as an MLflow user sees them. */
  @Test
  void nightsPromotionRollbackOutageAndSyncAsAnMlflowUserSeesThem() throws Exception {
    boolean plainRoot = true;
    Path root = dir.resolve("plain");
    copy(base.resolve("lakehouse"), root.resolve("lakehouse"));
    try (RealMlflowServer server = new RealMlflowServer(root.resolve("mlflow"), plainRoot)) {
      String uri = server.start();
      Path conf = conf(root, uri);
      String c = conf.toString();
      // night 1: the first model is champion
      train(c, "2026-11-24");
      // night 2: a better model is promoted (gain floor lowered), then one that is no better stays challenger
      train(c, "2026-11-25", "--set", "leadscore.promotion.min_auc_gain=-1");
      train(c, "2026-11-25");
      // rollback: v1 champion again, in MLflow too
      Result rb = run("rollback", "--conf", c);
      assertEquals(0, rb.code(), rb.out() + rb.err());
      assertEquals(Map.of("champion", "1", "challenger", "3"), aliases(uri));

      // night 3 with the server down: v4 is promoted and recorded locally only
      server.stop();
      Result down = train(c, "2026-11-26", "--set", "leadscore.promotion.min_auc_gain=-1");
      assertTrue(down.out().contains("runs sync"), down.out());
      // recorded locally, but not delivered: never a plain success (kind tracking_pending, exit 3)
      assertEquals(3, down.code(), down.out() + down.err());
      assertTrue(down.out().contains("[tracking_pending]"), down.out());
      // night 4, server back: v5 promoted and delivered before v4 ever reached MLflow
      uri = server.start();
      conf = conf(root, uri);
      c = conf.toString();
      train(c, "2026-11-27", "--set", "leadscore.promotion.min_auc_gain=-1");
      assertEquals(Map.of("champion", "4"), aliases(uri), "local v5 became MLflow version 4");

      Result sync = run("runs", "sync", "--conf", c);
      assertEquals(0, sync.code(), sync.out() + sync.err());
      assertTrue(sync.out().contains("runs sync: 1 delivered, 0 failed, 4 already synced"), sync.out());
      // the late run of v4 becomes MLflow version 5, but champion stays on today's champion (local v5)
      assertEquals(Map.of("champion", "4"), aliases(uri));
      Result again = run("runs", "sync", "--conf", c);
      assertTrue(again.out().contains("runs sync: 0 delivered, 0 failed, 5 already synced"), again.out());

      checkRuns(uri, plainRoot, 5);
      checkVersions(uri, 5);
      Result list = run("runs", "--conf", c);
      String v5 = list.out().lines().filter(l -> l.contains(" v5 ")).findFirst().orElseThrow();
      assertTrue(v5.matches(".* v5 +4 +champion .*"), "local v5, MLflow 4, alias champion: " + list.out());
      assertTrue(list.out().lines().anyMatch(l -> l.matches(".* v4 +5 .*")), "local v4 reached MLflow late, as version 5: " + list.out());

      pythonLoadsTheChampion(uri, root);
    }
  }

  private static Result train(String conf, String date, String... more) {
    List<String> args = new ArrayList<>(List.of("train", "--date", date, "--conf", conf));
    args.addAll(List.of(more));
    Result r = run(args.toArray(String[]::new));
    assertTrue(r.code() == 0 || r.code() == 3, "train " + date + ": " + r.out() + r.err());
    return r;
  }

  private static void checkRuns(String uri, boolean plainRoot, int expected) throws Exception {
    String exp = get(uri, "/api/2.0/mlflow/experiments/get-by-name?experiment_name=leadscore-it")
        .path("experiment").path("experiment_id").asText();
    JsonNode runs = post(uri, "/api/2.0/mlflow/runs/search", Map.of("experiment_ids", List.of(exp), "max_results", 100))
        .path("runs");
    assertEquals(expected, runs.size(), "one MLflow run per training run, none twice: " + runs);
    Set<String> names = new HashSet<>();
    Set<String> localIds = new HashSet<>();
    for (JsonNode r : runs) {
      JsonNode info = r.path("info");
      assertEquals("FINISHED", info.path("status").asText());
      assertEquals(plainRoot, !info.path("artifact_uri").asText().startsWith("mlflow-artifacts:"), info.toString());
      Map<String, String> tags = pairs(r.path("data").path("tags"));
      Map<String, String> params = pairs(r.path("data").path("params"));
      Map<String, Double> metrics = new java.util.HashMap<>();
      r.path("data").path("metrics").forEach(m -> metrics.put(m.path("key").asText(), m.path("value").asDouble()));
      String name = info.path("run_name").asText();
      names.add(name);
      localIds.add(tags.get("leadscore.run_id"));
      assertTrue(name.matches("it 2026-11-2[4-7] v[1-5] (champion|challenger)"), name);
      assertEquals(name, tags.get("mlflow.runName"));
      for (String tag : List.of("mlflow.user", "mlflow.source.name", "mlflow.source.git.commit", "leadscore.source")) {
        assertTrue(tags.containsKey(tag) && !tags.get(tag).isBlank(), tag + " in " + tags);
      }
      assertTrue(tags.get("leadscore.source").contains("leads="), tags.get("leadscore.source"));
      for (String p : List.of("top_fraction", "holdout_kind", "grid", "max_depth", "eta")) {
        assertTrue(params.containsKey(p), p + " in " + params.keySet());
      }
      for (String m : List.of("cv_auc", "cv_auc_std", "holdout_auc", "precision_at_20", "lift_at_20", "cv_precision_at_20")) {
        assertTrue(metrics.containsKey(m), m + " in " + metrics.keySet());
      }
      if (!name.contains(" v1 ")) {
        // every later model was compared with the champion on the same holdout
        assertEquals(metrics.get("holdout_auc") - metrics.get("champion_holdout_auc"), metrics.get("holdout_auc_gain"), 1e-9);
      }
      JsonNode inputs = r.path("inputs").path("dataset_inputs");
      assertEquals(1, inputs.size(), "the training set as a dataset: " + r.path("inputs"));
      JsonNode ds = inputs.get(0).path("dataset");
      assertEquals("training_set", ds.path("name").asText());
      assertTrue(ds.path("digest").asText().matches("v\\d+"), ds.toString());
      assertTrue(ds.path("source").asText().contains("training_set"), ds.toString());

      String runId = info.path("run_id").asText();
      Set<String> model = artifactNames(uri, runId, "model");
      assertTrue(model.containsAll(List.of("model/MLmodel", "model/model.json", "model/input_example.json",
          "model/model_card.json", "model/xgboost")), model.toString());
      assertTrue(artifactNames(uri, runId, "plots").contains("plots/roc.png"));
      assertTrue(model.stream().noneMatch(f -> f.endsWith(".crc")), "no Hadoop checksum files: " + model);
    }
    assertEquals(expected, names.size(), "unique run names: " + names);
    assertEquals(expected, localIds.size());
  }

  private static void checkVersions(String uri, int expected) throws Exception {
    JsonNode versions = get(uri, "/api/2.0/mlflow/model-versions/search?filter="
        + URLEncoder.encode("name='" + MODEL + "'", StandardCharsets.UTF_8)).path("model_versions");
    assertEquals(expected, versions.size(), versions.toString());
    for (JsonNode v : versions) {
      JsonNode run = get(uri, "/api/2.0/mlflow/runs/get?run_id=" + v.path("run_id").asText()).path("run");
      assertEquals(run.path("info").path("artifact_uri").asText() + "/model", v.path("source").asText());
      // the source holds the model: MLflow lists its files through the version's own run
      assertTrue(artifactNames(uri, v.path("run_id").asText(), "model").contains("model/MLmodel"));
    }
  }

  /** Python MLflow (Debian's python3-xgboost 1.7) loads the champion and gives Java's probabilities. */
  private static void pythonLoadsTheChampion(String uri, Path root) throws Exception {
    ModelCard champion = ModelRegistry.local(root.resolve("lakehouse/models").toString()).champion().orElseThrow();
    SparkSession spark = SparkTestSession.get();
    List<Row> rows = spark.read().format("delta").load(root.resolve("lakehouse/gold/training_set").toString())
        .orderBy("lead_id", "as_of_date").limit(100).collectAsList();
    List<String> features = champion.features();
    float[] x = new float[rows.size() * features.size()];
    StringBuilder csv = new StringBuilder(String.join(",", features)).append('\n');
    for (int i = 0; i < rows.size(); i++) {
      List<String> line = new ArrayList<>();
      for (int j = 0; j < features.size(); j++) {
        Object v = rows.get(i).getAs(features.get(j));
        x[i * features.size() + j] = v == null ? Float.NaN : ((Number) v).floatValue();
        line.add(v == null ? "" : Float.toString(((Number) v).floatValue()));
      }
      csv.append(String.join(",", line)).append('\n');
    }
    XGBoostClassificationModel m = (XGBoostClassificationModel) XGBoostClassificationModel.load(champion.path() + "/xgboost");
    double[] java = NativeXgb.predict(new NativeXgb.Fit(m.nativeBooster().booster(), 0),
        new Rows(x, rows.size(), features.size(), new float[rows.size()], new double[rows.size()], new int[rows.size()],
            new boolean[rows.size()]));
    Path input = root.resolve("rows.csv");
    Files.writeString(input, csv);
    Path script = root.resolve("load_champion.py");
    Files.writeString(script, String.join("\n",
        "import sys, mlflow, pandas as pd",
        "mlflow.set_tracking_uri(sys.argv[1])",
        "model = mlflow.pyfunc.load_model('models:/" + MODEL + "@champion')",
        "for p in model.predict(pd.read_csv(sys.argv[2], dtype='float64')):",
        "    print(repr(float(p)))", ""));
    ProcessBuilder pb = new ProcessBuilder(RealMlflowServer.PYTHON.toString(), script.toString(), uri, input.toString())
        .redirectError(root.resolve("python.err").toFile());
    pb.environment().put("PYTHONPATH", RealMlflowServer.sources().toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "python timed out");
    assertEquals(0, p.exitValue(), out + Files.readString(root.resolve("python.err")));
    double[] py = out.lines().mapToDouble(Double::parseDouble).toArray();
    assertEquals(100, py.length, out);
    for (int i = 0; i < py.length; i++) {
      assertEquals(java[i], py[i], 1e-6, "row " + i);
    }
    assertNotEquals(py[0], py[py.length - 1], "not a constant model");
  }

  private static Map<String, String> aliases(String uri) throws Exception {
    JsonNode model = get(uri, "/api/2.0/mlflow/registered-models/get?name=" + MODEL).path("registered_model");
    Map<String, String> out = new java.util.TreeMap<>();
    model.path("aliases").forEach(a -> out.put(a.path("alias").asText(), a.path("version").asText()));
    return out;
  }

  private static Set<String> artifactNames(String uri, String runId, String path) throws Exception {
    Set<String> out = new HashSet<>();
    collect(uri, runId, path, out);
    return out;
  }

  private static void collect(String uri, String runId, String path, Set<String> out) throws Exception {
    JsonNode files = get(uri, "/api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path="
        + URLEncoder.encode(path, StandardCharsets.UTF_8)).path("files");
    for (JsonNode f : files) {
      out.add(f.path("path").asText());
    }
  }

  private static Map<String, String> pairs(JsonNode kv) {
    Map<String, String> out = new java.util.HashMap<>();
    kv.forEach(t -> out.put(t.path("key").asText(), t.path("value").asText()));
    return out;
  }

  private static JsonNode get(String uri, String path) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(uri + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return JSON.readTree(r.body());
  }

  private static JsonNode post(String uri, String path, Map<String, ?> body) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(uri + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return JSON.readTree(r.body());
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
