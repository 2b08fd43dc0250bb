package io.leadscore.training;

import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.models.metrics.FoldMetrics;
import io.leadscore.training.promotion.PromotionPolicy;
import io.leadscore.training.report.RunRecords;
import io.leadscore.models.tracking.MlflowModel;
import io.leadscore.models.tracking.RunRecord;
import io.leadscore.models.tracking.RunRecorder;
import io.leadscore.training.xgb.CrossValidation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records the run locally and in MLflow when configured: parameters, metrics (every fold, every grid point,
 * the champion comparison), tags (commit, Delta version, seed, config hash, decision), the artifacts
 * (made by {@link SavedModels#artifacts}), the model to register and the training set as the run's input.
 */
final class RecordRun {
  private final Tables tables;
  private final RunRecorder recorder;

  RecordRun(Tables tables, RunRecorder recorder) {
    this.tables = tables;
    this.recorder = recorder;
  }

  RunRecorder.Outcome run(TrainedRun t, Map<String, byte[]> artifacts) {
    TrainingSettings s = t.spec().settings();
    PromotionPolicy.Decision decision = t.judgement().decision();
    // a rejected model gets no alias: nothing may load it by one
    String decisionWord = RunRecords.decisionWord(decision.verdict());
    TrainingSplit split = t.split();
    RunRecord.Dataset trainingSet = RunRecords.deltaDataset(Table.TRAINING_SET.tableName(),
        tables.path(Table.TRAINING_SET), split.inputVersion(), t.card().features(),
        split.trainRows() + split.holdout().rows());
    RunRecord run = new RunRecord(t.runId(), s.mlflow().experiment(),
        RunRecords.runName(recorder.context().configName(), t.spec().batchDate(), t.card().version(), decisionWord),
        t.startedMs(), System.currentTimeMillis(),
        new RunRecord.Logged(params(t), metrics(t), tags(t, decisionWord), List.copyOf(artifacts.keySet())),
        new RunRecord.ModelRegistration(s.mlflow().registeredModel(), MlflowModel.ARTIFACT_PATH,
            decision.verdict() == PromotionPolicy.Verdict.REJECTED ? null : decisionWord, t.card().version()),
        List.of(trainingSet));
    return recorder.record(run, artifacts);
  }

  private static Map<String, String> params(TrainedRun t) {
    TrainingSettings s = t.spec().settings();
    TrainingSplit split = t.split();
    List<String> features = t.card().features();
    Map<String, String> params = new LinkedHashMap<>();
    t.tuning().booster().forEach((k, v) -> params.put(k, String.valueOf(v)));
    params.put("num_round", String.valueOf(t.tuning().chosen().numRound()));
    params.put("num_round_cap", String.valueOf(s.fit().params().numRound()));
    params.put("early_stopping_rounds", String.valueOf(s.cv().earlyStoppingRounds()));
    params.put("folds", String.valueOf(s.cv().folds()));
    params.put("grid", String.valueOf(s.fit().grid()));
    params.put("grid_points", String.valueOf(t.tuning().cv().points().size()));
    params.put("search", s.fit().search().describe());
    params.put("search_plan", t.tuning().search().describe());
    params.put("searched_on", t.tuning().search().searchedOn());
    params.put("search_trials_run", String.valueOf(t.tuning().cv().points().size()));
    params.put("calibration", t.eval().kept().calibration().describe());
    params.put("model_kind", t.card().contract().kind());
    params.put("ensemble", t.eval().kept().ensemble());
    params.put("calibration_bins", String.valueOf(s.cv().calibrationBins()));
    params.put("holdout_kind", split.holdoutKind());
    params.put("holdout_fraction", String.valueOf(s.cv().holdoutFraction()));
    params.put("validation_fraction", String.valueOf(s.cv().validationFraction()));
    params.put("top_fraction", String.valueOf(s.cv().topFraction()));
    params.put("min_auc_gain", String.valueOf(s.promotion().minAucGain()));
    params.put("train_from", split.window().trainFrom());
    params.put("train_to", split.window().trainTo());
    params.put("holdout_from", split.window().holdoutFrom());
    params.put("label_horizon_days", String.valueOf(t.spec().horizonDays()));
    params.put("train_rows", String.valueOf(split.trainRows()));
    params.put("engine", split.engine().engine().word());
    params.put("engine_setting", s.engine().engine().word());
    params.put("cv_mode", t.tuning().cvMode());
    params.put("holdout_rows", String.valueOf(split.holdout().rows()));
    params.put("n_features", String.valueOf(features.size()));
    params.put("feature_list_sha256", RunRecords.sha256(String.join(",", features)));
    params.put("catalog_version", t.card().catalogVersion());
    return params;
  }

  private static List<RunRecord.Metric> metrics(TrainedRun t) {
    TrainingSettings s = t.spec().settings();
    CrossValidation.Result cv = t.tuning().cv();
    FoldMetrics hold = t.eval().holdout();
    List<RunRecord.Metric> metrics = new ArrayList<>(RunRecords.metrics(cv.best().folds(), hold, s.cv().topFraction()));
    for (int i = 0; i < cv.points().size(); i++) {
      metrics.add(new RunRecord.Metric("grid_cv_auc", cv.points().get(i).meanAuc(), i));
    }
    // the README's headline names: lift = precision@20% / base rate; top_vs_rest = top 20% rate / bottom 80% rate
    metrics.add(new RunRecord.Metric("lift_at_20", hold.liftAtTop(), 0));
    metrics.add(new RunRecord.Metric("top_vs_rest_at_20", hold.topVsRestAtTop(), 0));
    metrics.add(new RunRecord.Metric("cv_seconds", cv.seconds(), 0));
    metrics.add(new RunRecord.Metric("holdout_ece", t.eval().ece().calibrated(), 0));
    metrics.add(new RunRecord.Metric("holdout_ece_uncalibrated", t.eval().ece().uncalibrated(), 0));
    metrics.add(new RunRecord.Metric("promoted", t.judgement().decision().promoted() ? 1 : 0, 0));
    metrics.add(new RunRecord.Metric("leakage_alarms", t.judgement().alarms().size(), 0));
    metrics.add(new RunRecord.Metric("trained_version", t.card().version(), 0));
    metrics.addAll(RunRecords.championComparison(t.judgement().champion().paired(), s.promotion().confidence()));
    return metrics;
  }

  private static Map<String, String> tags(TrainedRun t, String decisionWord) {
    TrainingSettings s = t.spec().settings();
    String decision = t.judgement().decision().toString();
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("git_commit", RunRecords.gitCommit(System.getenv()));
    tags.put("delta_version.training_set", String.valueOf(t.split().inputVersion()));
    tags.put("seed", String.valueOf(s.cv().seed()));
    tags.put("config_sha256", RunRecords.sha256(t.spec().configText()));
    tags.put("batch_date", t.spec().batchDate());
    tags.put("model_version", String.valueOf(t.card().version()));
    tags.put("decision", decisionWord);
    tags.put("decision_reason", decision.length() > 4000 ? decision.substring(0, 4000) : decision);
    tags.put("holdout", t.split().describeHoldout());
    return tags;
  }
}
