package io.leadscore.training.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.training.errors.TrainingErrors;
import io.leadscore.training.TrainingSettings;
import io.leadscore.training.search.XgbParams;
import io.leadscore.models.metrics.BinaryMetrics;
import io.leadscore.models.metrics.FoldMetrics;
import io.leadscore.training.report.EvaluationPlots;
import io.leadscore.training.report.RunRecords;
import io.leadscore.models.tracking.MlflowModel;
import io.leadscore.training.TrainedRun;
import io.leadscore.training.report.ModelFiles;
import io.leadscore.training.xgb.CrossValidation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;

/**
 * A training run's artifacts by relative path: the evaluation plots and tables, the recorded config, the
 * feature catalogue and model card, and the deployed model the MLflow way beside the Spark model.
 */
final class RunArtifacts {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final FeatureCatalog catalog;

  RunArtifacts(FeatureCatalog catalog) {
    this.catalog = catalog;
  }

  Map<String, byte[]> of(TrainedRun t) {
    TrainingSettings s = t.spec().settings();
    CrossValidation.Result cv = t.tuning().cv();
    BinaryMetrics holdoutMetrics = t.eval().metrics();
    FoldMetrics hold = t.eval().holdout();
    Map<String, Double> gain = t.eval().gain();
    List<String> features = t.card().features();
    String modelPath = t.card().path();
    Map<String, byte[]> artifacts = new LinkedHashMap<>();
    EvaluationPlots.render(holdoutMetrics, s.cv().calibrationBins(), gain, "holdout, model v" + t.card().version())
        .forEach((name, png) -> artifacts.put("plots/" + name, png));
    artifacts.put("evaluation/metrics_by_split.csv", RunRecords.foldTable(cv.best().folds(), hold));
    List<List<Object>> calibration = holdoutMetrics.calibration(s.cv().calibrationBins()).stream()
        .map(b -> List.<Object>of(b.from(), b.to(), b.rows(), b.meanPredicted(), b.observedRate())).toList();
    artifacts.put("evaluation/calibration.csv", RunRecords.csv(
        List.of("bin_from", "bin_to", "rows", "mean_predicted", "observed_rate"), calibration));
    List<List<Object>> grid = cv.points().stream().map(p -> List.<Object>of(p.params().label().replace(' ', ';'),
        p.meanAuc(), FoldMetrics.std(p.folds(), FoldMetrics::auc), p.meanRounds(), p.seconds())).toList();
    artifacts.put("evaluation/grid.csv", RunRecords.csv(List.of("params", "cv_auc", "cv_auc_std", "rounds", "seconds"),
        grid));
    // every trial with its parameters in columns (the search's log; grid.csv keeps the labels as before)
    List<List<Object>> trials = new java.util.ArrayList<>();
    for (int i = 0; i < cv.points().size(); i++) {
      CrossValidation.Point p = cv.points().get(i);
      XgbParams x = p.params();
      trials.add(List.of(i, x.maxDepth(), x.eta(), x.minChildWeight(), x.subsample(), x.colsampleBytree(), x.lambda(),
          x.alpha(), p.meanAuc(), FoldMetrics.std(p.folds(), FoldMetrics::auc), p.meanRounds(), p.seconds(),
          p == cv.best()));
    }
    artifacts.put("evaluation/trials.csv", RunRecords.csv(List.of("trial", "max_depth", "eta", "min_child_weight",
        "subsample", "colsample_bytree", "lambda", "alpha", "cv_auc", "cv_auc_std", "rounds", "seconds", "chosen"),
        trials));
    artifacts.put("evaluation/feature_gain.csv", RunRecords.csv(List.of("feature", "total_gain"),
        gain.entrySet().stream().map(e -> List.<Object>of(e.getKey(), e.getValue())).toList()));
    artifacts.put("config.conf", t.spec().configText().getBytes(StandardCharsets.UTF_8));
    byte[] cardJson;
    try {
      artifacts.put("feature_catalog.json", JSON.writeValueAsBytes(Map.of("version", catalog.version(),
          "features", features.stream().map(f -> catalog.find(f).map(d -> Map.of("name", d.name(), "group", d.group(),
              "description", d.description(), "type", d.type().name())).orElse(Map.of("name", f, "group", "",
              "description", "", "type", ""))).toList())));
      cardJson = JSON.writeValueAsBytes(t.card());
      artifacts.put("model_card.json", cardJson);
      // the model the MLflow way (MLmodel, XGBoost JSON, signature, example) beside the Spark model for scoring
      // the deployed fit (refitted on train + holdout when it was), the one the Java scorer uses; read back from
      // its folder because the evaluated fit's native booster belongs to the saved wrapper by now
      XGBoostClassificationModel deployed = (XGBoostClassificationModel) XGBoostClassificationModel.load(
          modelPath + "/xgboost");
      byte[] deployedJson = deployed.nativeBooster().booster().toByteArray("json");
      java.lang.ref.Reference.reachabilityFence(deployed);
      artifacts.putAll(MlflowModel.files(deployedJson, features,
          RunRecords.exampleRows(t.split().holdout(), 5), cardJson, Instant.now().toString()));
    } catch (IOException | ml.dmlc.xgboost4j.java.XGBoostError e) {
      throw TrainingErrors.cannot("write the run's model and JSON artifacts", e);
    }
    artifacts.putAll(ModelFiles.read(modelPath + "/xgboost", MlflowModel.ARTIFACT_PATH + "/xgboost"));
    return artifacts;
  }
}
