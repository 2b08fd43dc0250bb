package io.leadscore.training.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.features.gold.PipelineFixture;
import io.leadscore.training.TrainResult;
import io.leadscore.training.TrainingSettings;
import io.leadscore.models.registry.ModelRegistry;
import io.leadscore.models.tracking.MlflowTestServer;
import io.leadscore.models.tracking.RegistryAliases;
import io.leadscore.models.tracking.RunRecord;
import io.leadscore.models.tracking.RunRecorder;
import io.leadscore.models.tracking.RunTracker;
import io.leadscore.training.TrainSpec;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training on a small generated lakehouse: CV, holdout, registry, promotion and the MLflow requests of a run. */
class TrainJobTest {
  @TempDir
  static Path dir;
  static PipelineFixture fixture;
  static final SparkSession SPARK = SparkTestSession.get();

  @BeforeAll
  static void build() {
    fixture = PipelineFixture.shared(dir.resolve("lake"), 1500);
  }

  static TrainingSettings settings(Map<String, String> extra) {
    Map<String, String> o = new HashMap<>(Map.of("leadscore.training.grid.max_depth", "3",
        "leadscore.training.grid.min_child_weight", "1", "leadscore.training.num_round", "120"));
    o.putAll(extra);
    return TrainingSettings.from(LeadscoreConfig.defaults(o));
  }

  static TrainResult train(Tables tables, TrainingSettings s, RunRecorder recorder) {
    return new TrainJob(SPARK, tables, FeatureCatalog.standard(), ModelRegistry.local(tables.modelsDir()), recorder)
        .run(new TrainSpec(s, 30, "2026-11-24", "leadscore.training.folds = 3"));
  }

  @Test
  void trainsRegistersTracksAndDecidesOnTheSameHoldout() throws Exception {
    Tables tables = Tables.at(dir.resolve("run1").toString());
    copyTrainingSet(fixture.tables, tables, false);
    try (MlflowTestServer server = new MlflowTestServer()) {
      RunRecorder recorder = RunRecorder.at(tables.runsDir(), Optional.of(RunTracker.mlflow(server.uri())))
          .withAliases("leadscore", () -> RegistryAliases.current(ModelRegistry.local(tables.modelsDir())));
      TrainResult first = train(tables, settings(Map.of()), recorder);

      assertEquals("out_of_time", first.data().holdoutKind());
      assertEquals(3, first.cv().folds().size());
      assertTrue(first.cv().auc() > 0.6, "cv AUC " + first.cv().auc());
      assertTrue(first.holdout().auc() > 0.6, "holdout AUC " + first.holdout().auc());
      assertTrue(first.model().promoted(), first.model().decision());
      assertTrue(first.run().tracking().startsWith("MLflow run "), first.run().tracking());

      List<String> lines = server.lines();
      assertEquals("GET /api/2.0/mlflow/experiments/get-by-name?experiment_name=leadscore", lines.get(0));
      assertEquals("POST /api/2.0/mlflow/experiments/create", lines.get(1));
      assertEquals("POST /api/2.0/mlflow/runs/search", lines.get(2));
      assertEquals("POST /api/2.0/mlflow/runs/create", lines.get(3));
      assertEquals("POST /api/2.0/mlflow/runs/log-batch", lines.get(4));
      assertEquals("POST /api/2.0/mlflow/runs/log-inputs", lines.get(5));
      assertEquals(List.of("POST /api/2.0/mlflow/runs/update", "POST /api/2.0/mlflow/registered-models/create",
          "POST /api/2.0/mlflow/model-versions/create", "POST /api/2.0/mlflow/runs/set-tag",
          "POST /api/2.0/mlflow/registered-models/alias", "DELETE /api/2.0/mlflow/registered-models/alias"),
          lines.subList(lines.size() - 7, lines.size()).stream().filter(l -> !l.contains("model-versions/search")).toList());
      List<String> metricNames = recorder.list().get(0).run().metrics().stream().map(RunRecord.Metric::key).toList();
      assertTrue(metricNames.containsAll(List.of("cv_auc", "cv_auc_std", "cv_fold_auc", "holdout_auc", "precision_at_20",
          "lift_at_20", "recall_at_20", "cv_precision_at_20", "trained_version")), metricNames.toString());
      assertTrue(server.artifacts.containsKey("1/run2/artifacts/model/MLmodel"));
      assertTrue(new String(server.artifacts.get("1/run2/artifacts/model/model.json"), java.nio.charset.StandardCharsets.UTF_8)
          .matches("(?s).*\"base_score\":\"[-0-9.E]+\".*"), "scalar base_score in the exported booster");
      assertTrue(lines.stream().filter(l -> l.startsWith("PUT ")).allMatch(l -> l.contains("/run")));
      for (String plot : List.of("roc", "precision_recall", "gains", "calibration", "feature_importance")) {
        byte[] png = server.artifacts.get("1/run2/artifacts/plots/" + plot + ".png");
        assertTrue(png != null && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', plot);
      }
      assertTrue(server.artifacts.keySet().stream().anyMatch(k -> k.contains("artifacts/model/xgboost/")));
      assertEquals("1", server.aliases.get("leadscore@champion"));
      // the version carries the training reference the monitor compares each night with
      var card = ModelRegistry.local(tables.modelsDir()).champion().orElseThrow();
      var reference = io.leadscore.models.reference.ReferenceDistributions.fromJson(
          io.leadscore.features.catalog.spark.GoldFiles.read(io.leadscore.models.reference.ReferenceDistributions
              .path(card.path())).orElseThrow(), card.path());
      assertEquals(card.features(), List.copyOf(reference.features().keySet()));
      // calibrated on the out-of-fold predictions, sealed in the card; ECE reported and logged; every trial logged
      assertEquals(io.leadscore.models.registry.Calibration.PLATT, card.contract().calibration().method());
      assertEquals(first.probabilities().holdoutEce(), card.metrics().get("holdout_ece"), 1e-12);
      assertTrue(first.probabilities().holdoutEce() < 0.05, "holdout ECE " + first.probabilities().holdoutEce());
      assertTrue(metricNames.containsAll(List.of("holdout_ece", "holdout_ece_uncalibrated")), metricNames.toString());
      String trials = new String(server.artifacts.get("1/run2/artifacts/evaluation/trials.csv"),
          java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(trials.startsWith("trial,max_depth,eta,min_child_weight,subsample,colsample_bytree,lambda,alpha,cv_auc"),
          trials);
      assertEquals(2, trials.lines().count(), "one grid point: " + trials);
      // this fixture has no features on the training date: the training rows stand in, and the file says so
      assertEquals(io.leadscore.models.reference.ReferenceDistributions.TRAINING_ROWS, reference.population());
      assertEquals(first.data().trainRows(), reference.features().get("lead_source").rows());
      assertEquals(first.data().holdoutRows(), reference.scores().rows());
      assertTrue(reference.features().get("lead_source").categorical());
      assertEquals(io.leadscore.models.reference.ReferenceDistributions.SAMPLE_SIZE,
          reference.features().get("lead_age_days").sample().length);

      // the same inputs and seed give the same model; equal AUC is no gain, so it stays a challenger
      TrainResult second = train(tables, settings(Map.of()), recorder);
      assertEquals(first.holdout().auc(), second.holdout().auc(), 0.0);
      assertEquals(first.cv().folds(), second.cv().folds());
      assertFalse(second.model().promoted());
      assertTrue(second.model().decision().startsWith("challenger: holdout AUC")
          && second.model().decision().contains("champion v1"),
          second.model().decision());
      assertEquals(1, ModelRegistry.local(tables.modelsDir()).champion().orElseThrow().version());
      assertEquals("2", server.aliases.get("leadscore@challenger"));
      RunRecord secondRun = recorder.list().get(1).run();
      assertEquals(first.holdout().auc(), secondRun.metric("champion_holdout_auc"), 1e-9);
      assertEquals(0.0, secondRun.metric("holdout_auc_gain"), 1e-9);
      assertEquals("leadscore 2026-11-24 v2 challenger", secondRun.runName());
      // the champion's card says when and how its parameters were searched
      var params = ModelRegistry.local(tables.modelsDir()).champion().orElseThrow().training().params();
      assertEquals("2026-11-24", params.get("searched_on"));
      assertEquals("grid", params.get("search"));
      // search.reuse_days: the same night's search is fresh, so a third run cross-validates the newest search's
      // parameters: the challenger v2's, which tied with the champion
      TrainResult third = train(tables, settings(Map.of("leadscore.training.search.reuse_days", "3")), recorder);
      assertTrue(third.model().search().startsWith("reused leadscore v2's parameters (searched 2026-11-24, "
          + "reuse_days 3): max_depth=3 eta=0.05 min_child_weight=1.0"), third.model().search());
      assertEquals(1, third.cv().gridPoints());
      assertEquals(first.holdout().auc(), third.holdout().auc(), 0.0, "the same parameters, rows and seed");
      assertEquals("2026-11-24", ModelRegistry.local(tables.modelsDir()).versions().stream()
          .filter(c -> c.version() == third.model().version()).findFirst().orElseThrow().training().params()
          .get("searched_on"), "a reuse carries the search's date");
    }

    // the saved model is an xgboost4j-spark model that scoring can load and apply
    XGBoostClassificationModel m = (XGBoostClassificationModel) XGBoostClassificationModel.load(
        ModelRegistry.local(tables.modelsDir()).champion().orElseThrow().path() + "/xgboost");
    Dataset<Row> scored = m.transform(FeatureVectors.assemble(
        SPARK.read().format("delta").load(fixture.tables.path(Table.FEATURES)).limit(50),
        FeatureCatalog.standard().names()));
    List<Double> p = scored.select(FeatureVectors.positiveProbability()).as(org.apache.spark.sql.Encoders.DOUBLE())
        .collectAsList();
    assertEquals(50, p.size());
    assertTrue(p.stream().allMatch(x -> x > 0 && x < 1));
  }

  @Test
  void aSingleSnapshotExportGetsALeadHashHoldoutAndTheLeakageGuardBlocks() {
    Tables tables = Tables.at(dir.resolve("static").toString());
    copyTrainingSet(fixture.tables, tables, true);
    RunRecorder recorder = RunRecorder.at(tables.runsDir(), Optional.empty());
    String leaky = FeatureCatalog.standard().names().get(0);
    TrainResult r = new TrainJob(SPARK, tables, FeatureCatalog.standard(), ModelRegistry.local(tables.modelsDir()),
        recorder).withLeakageReport(new io.leadscore.features.gold.LeakageReport(0.95, 0, Map.of(leaky, 0.99)))
        .run(new TrainSpec(settings(Map.of()), 30, "2026-11-24", "x"));

    assertEquals("lead_hash", r.data().holdoutKind());
    double share = r.data().holdoutRows() / (double) (r.data().holdoutRows() + r.data().trainRows());
    assertTrue(share > 0.15 && share < 0.25, "holdout share " + share);
    assertFalse(r.model().promoted());
    assertEquals(List.of(leaky + " (single-feature AUC 0.990)"), r.model().leakageAlarms());
    assertTrue(r.model().decision().startsWith("rejected: leakage alarm on [" + leaky), r.model().decision());
    assertEquals(ModelRegistry.Status.REJECTED, ModelRegistry.local(tables.modelsDir()).status(r.model().version()));
    assertTrue(r.run().tracking().startsWith("local record "), r.run().tracking());
    assertEquals(1, recorder.list().size());
    assertFalse(recorder.list().get(0).synced());
  }

  @Test
  void theEnsembleIsTrainedBesideXgboostAndSealedOnlyWhenItWinsWithTheReasonInTheSummary() throws Exception {
    Tables tables = Tables.at(dir.resolve("ensemble").toString());
    copyTrainingSet(fixture.tables, tables, false);
    RunRecorder recorder = RunRecorder.at(tables.runsDir(), Optional.empty());
    TrainingSettings s = TrainingSettings.from(com.typesafe.config.ConfigFactory.parseString(
        "leadscore.training.ensemble { enabled = true, rules = [{name = \"pricing_twice_7d\", feature = "
            + "\"pricing_views_7d\", op = \">=\", value = 2}] }")
        .withFallback(LeadscoreConfig.defaults(Map.of("leadscore.training.grid.max_depth", "3",
            "leadscore.training.grid.min_child_weight", "1", "leadscore.training.num_round", "120"))));
    TrainResult r = train(tables, s, recorder);

    String ensemble = r.model().ensemble();
    assertTrue(ensemble.startsWith("stacked: holdout AUC ") || ensemble.startsWith("kept xgboost: stacked holdout AUC "),
        ensemble);
    ModelRegistry registry = ModelRegistry.local(tables.modelsDir());
    io.leadscore.models.registry.ModelCard card = registry.versions().stream()
        .filter(c -> c.version() == r.model().version()).findFirst().orElseThrow();
    boolean stacked = ensemble.startsWith("stacked");
    assertEquals(stacked ? "stacked" : "xgboost", card.contract().kind(), ensemble);
    if (stacked) {
      assertTrue(card.contract().stack().describe().contains("pricing_twice_7d"), card.contract().stack().describe());
    }
    // the champion serves as it was sealed: the online scorer (no Spark) reads the same kind from the card
    assertTrue(r.model().promoted(), r.model().decision());
    try (io.leadscore.models.online.OnlineScorer online = io.leadscore.models.online.OnlineScorer.load(
        tables.modelsDir(), FeatureCatalog.standard(), io.leadscore.models.score.ReasonSettings.from(
            LeadscoreConfig.defaults(Map.of()).getConfig("leadscore.scoring")), 0)) {
      assertEquals(!stacked, online.model("L1").stack().isNone());
      double[] missing = new double[card.features().size()];
      java.util.Arrays.fill(missing, Double.NaN);
      double p = online.score("L1", missing, new io.leadscore.models.score.ScoreTiers(70, 40, 20)).probability();
      assertTrue(p > 0 && p < 1, "probability " + p);
    }
    // the leakage guard, floors and DeLong are unchanged by it; the unrecognised rule is refused up front
    TrainingSettings bad = TrainingSettings.from(com.typesafe.config.ConfigFactory.parseString(
        "leadscore.training.ensemble { enabled = true, rules = [{name = \"r\", feature = \"nope\", op = \">=\", "
            + "value = 2}] }").withFallback(LeadscoreConfig.defaults(Map.of())));
    io.leadscore.core.LeadscoreException e = org.junit.jupiter.api.Assertions.assertThrows(
        io.leadscore.core.LeadscoreException.class, () -> train(tables, bad, recorder));
    assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
  }

  /** Copies training_set to another lakehouse, optionally only its latest snapshot date. */
  static void copyTrainingSet(Tables from, Tables to, boolean latestOnly) {
    Dataset<Row> ts = SPARK.read().format("delta").load(from.path(Table.TRAINING_SET));
    if (latestOnly) {
      Object latest = ts.agg(max("as_of_date")).first().get(0);
      ts = ts.filter(col("as_of_date").equalTo(org.apache.spark.sql.functions.lit(latest)));
    }
    ts.write().format("delta").mode("overwrite").save(to.path(Table.TRAINING_SET));
  }
}
