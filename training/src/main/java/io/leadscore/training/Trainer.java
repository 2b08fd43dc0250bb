package io.leadscore.training;

import io.leadscore.training.search.XgbParams;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.training.xgb.CrossValidation;
import io.leadscore.training.xgb.NativeXgb;
import io.leadscore.training.xgb.Rows;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a training run needs from the engine that holds the training rows: CV over the lead-grouped folds, the
 * final fit, the refit with the holdout, and a few statistics of the rows. Both engines return driver
 * boosters, so evaluation, the model folder and the registry are the same either way.
 */
public interface Trainer extends AutoCloseable {
  /** "native" or "distributed". */
  String engine();

  /** What CV ran on: "full" or the sample and grid points it was cut to. */
  String cvMode();

  long rows();

  /** The share of rows with a value, per feature. */
  Map<String, Double> presentShare(List<String> features);

  /** Each feature's own AUC (the leakage guard's input when the features stage gave none). */
  Map<String, Double> singleFeatureAuc(FeatureCatalog catalog, List<String> features);

  /** CV of the candidates in order, while {@code budget} lets the next one start (the first always runs). */
  CrossValidation.Result crossValidate(List<XgbParams> grid, Function<XgbParams, Map<String, Object>> booster,
                                       io.leadscore.training.search.SearchBudget budget);

  /** A fit on all training rows, exactly {@code rounds} rounds. */
  NativeXgb.Fit fit(XgbParams p, Map<String, Object> booster, int rounds);

  /** A fit on the training rows and the holdout, exactly {@code rounds} rounds. */
  NativeXgb.Fit refit(XgbParams p, Map<String, Object> booster, int rounds, Rows holdout);

  /**
   * The rows a model is fitted on, from {@code rows} (the negative downsampling with weights, when on): the stacked
   * model's regressions are fitted on the same share of rows as the boosters.
   */
  default Rows fitRows(Rows rows) {
    return rows;
  }

  /** The training rows when they are on the driver (the native engine), for the stacked model; else null. */
  default Rows driverRows() {
    return null;
  }

  @Override
  void close();

  /** The native engine: {@code train} on the driver, fitted with xgboost4j's Booster (no Spark job per fit). */
  static Trainer onDriver(Rows train, TrainingSettings s) {
    return new NativeTrainer(train, s.cv().folds(), s.cv().earlyStoppingRounds(), s.cv().topFraction(),
        new io.leadscore.training.xgb.NegativeSampling(s.fit().negativeSampleRate(), s.cv().seed()));
  }

  /** Each feature's own AUC on rows held in memory, by the one rule the features stage uses too. */
  static Map<String, Double> singleFeatureAuc(Rows rows, FeatureCatalog catalog, List<String> features) {
    return NativeTrainer.singleFeatureAuc(rows, catalog, features);
  }
}
