package io.leadscore.training;

import io.leadscore.core.Tables;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.gold.LeakageReport;
import io.leadscore.models.metrics.FoldMetrics;
import io.leadscore.models.registry.ModelCard;
import io.leadscore.models.registry.ModelRegistry;
import io.leadscore.models.tracking.RunRecorder;
import io.leadscore.training.EvaluateOnHoldout.Evaluation;
import io.leadscore.training.JudgeCandidate.Judgement;
import io.leadscore.training.SavedModels.SavedModel;
import io.leadscore.training.TuneParameters.Tuning;
import io.leadscore.training.search.SearchReuse;
import io.leadscore.training.xgb.CrossValidation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training run's steps once its rows are split and a trainer holds them: the leakage check of single features,
 * the search, the final fit judged on the holdout, the champion/challenger decision, the model folder, the
 * registration and the run record. Plain Java: the engine comes in as the {@link Trainer} and the
 * {@link SavedModels}, so the steps run the same with a fake of either.
 */
public final class TrainingRun {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

  private final Tables tables;
  private final FeatureCatalog catalog;
  private final ModelRegistry registry;
  private final RunRecorder recorder;
  private final SavedModels models;

  public TrainingRun(Tables tables, FeatureCatalog catalog, ModelRegistry registry, RunRecorder recorder,
                     SavedModels models) {
    this.tables = tables;
    this.catalog = catalog;
    this.registry = registry;
    this.recorder = recorder;
    this.models = models;
  }

  /**
   * @param leakage   single-feature AUCs from the features stage; null to measure them on the training rows
   * @param startedMs when the run started (epoch milliseconds), loading included
   */
  public TrainResult run(TrainSpec spec, TrainingSplit split, Trainer trainer, LeakageReport leakage,
                         long startedMs) {
    TrainingSettings s = spec.settings();
    List<String> features = catalog.names();
    List<String> featureAlarms = singleFeatureAlarms(s, trainer, features, leakage);
    SearchReuse.Plan search = SearchReuse.plan(s.fit().search(), s.fit().candidates(), s.fit().params().numRound(),
        newestNotRejected(), spec.batchDate(), features, catalog.version());
    Tuning tuning = TuneParameters.run(trainer, s, BoosterSetup.of(s, split), features,
        features.stream().map(catalog::get).toList(), search);
    Evaluation eval = EvaluateOnHoldout.run(trainer, tuning, split.holdout(), s, features);
    Judgement judgement = new JudgeCandidate(registry, models::compare).run(s, eval, split.holdout(), featureAlarms);
    SavedModel saved = models.save(spec, split, trainer, tuning, eval, judgement.decision());
    ModelCard card = new RegisterModel(catalog, registry)
        .run(s, split, trainer, tuning, eval, judgement.decision(), saved);
    TrainedRun trained = new TrainedRun(spec, split, tuning, eval, judgement, card, UUID.randomUUID().toString(),
        startedMs);
    RunRecorder.Outcome outcome = new RecordRun(tables, recorder).run(trained, models.artifacts(trained));
    LOG.info("Run {} recorded: {}", trained.runId(), outcome.describe());
    eval.fit().booster().dispose();
    return summary(trained, outcome, trainer.engine());
  }

  /** The latest registered version that was not rejected: the newest search that counts (SearchReuse). */
  private java.util.Optional<ModelCard> newestNotRejected() {
    return registry.versions().stream().filter(c -> registry.status(c.version()) != ModelRegistry.Status.REJECTED)
        .max(java.util.Comparator.comparingInt(ModelCard::version));
  }

  /** Each feature's own AUC above the threshold: from the features stage, or measured on the training rows. */
  private List<String> singleFeatureAlarms(TrainingSettings s, Trainer trainer, List<String> features,
                                           LeakageReport leakage) {
    LeakageReport report = leakage != null ? leakage.withThreshold(s.leakage().aucThreshold())
        : new LeakageReport(s.leakage().aucThreshold(), trainer.rows(), trainer.singleFeatureAuc(catalog, features));
    return report.alarmTexts();
  }

  private static TrainResult summary(TrainedRun t, RunRecorder.Outcome outcome, String engine) {
    CrossValidation.Result cv = t.tuning().cv();
    CrossValidation.Point best = cv.best();
    FoldMetrics hold = t.eval().holdout();
    Map<String, Double> cvMean = new LinkedHashMap<>();
    Map<String, Double> cvStd = new LinkedHashMap<>();
    for (String key : hold.asMap().keySet()) {
      cvMean.put(key, FoldMetrics.mean(best.folds(), f -> f.asMap().get(key)));
      cvStd.put(key, FoldMetrics.std(best.folds(), f -> f.asMap().get(key)));
    }
    TrainingSplit split = t.split();
    Judgement j = t.judgement();
    return new TrainResult(
        new TrainResult.Data(split.trainRows(), split.holdout().rows(), split.holdoutKind(), split.describeHoldout()),
        new TrainResult.Cv(best.folds(), best.meanAuc(), FoldMetrics.std(best.folds(), FoldMetrics::auc), cvMean,
            cvStd, cv.points().size(), cv.fits() + 1, cv.seconds()),
        hold,
        new TrainResult.Model(t.tuning().chosen().label(), t.tuning().chosen().numRound(), t.card().version(),
            j.decision().verdict(), j.decision().toString(), j.alarms(), t.tuning().search().describe(),
            t.eval().kept().ensemble()),
        new TrainResult.Engine(engine, t.tuning().cvMode(), split.engine().reason()),
        new TrainResult.Run(t.runId(), outcome.describe(), outcome.undelivered()),
        new TrainResult.Probabilities(t.eval().kept().calibration().describe(), t.eval().ece().bins(),
            t.eval().ece().calibrated(), t.eval().ece().uncalibrated()));
  }
}
