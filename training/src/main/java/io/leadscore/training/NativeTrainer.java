package io.leadscore.training;

import io.leadscore.training.search.XgbParams;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.gold.SingleFeatureAuc;
import io.leadscore.models.metrics.BinaryMetrics;
import io.leadscore.training.xgb.CrossValidation;
import io.leadscore.training.xgb.NativeXgb;
import io.leadscore.training.xgb.NegativeSampling;
import io.leadscore.training.xgb.Rows;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The training rows on the driver, trained with xgboost4j's Booster (no Spark job per fit). */
final class NativeTrainer implements Trainer {
  private final Rows train;
  private final int folds;
  private final int earlyStoppingRounds;
  private final double topFraction;
  private final NegativeSampling sampling;

  NativeTrainer(Rows train, int folds, int earlyStoppingRounds, double topFraction, NegativeSampling sampling) {
    this.train = train;
    this.folds = folds;
    this.earlyStoppingRounds = earlyStoppingRounds;
    this.topFraction = topFraction;
    this.sampling = sampling;
  }

  @Override
  public String engine() {
    return "native";
  }

  @Override
  public String cvMode() {
    return "full";
  }

  @Override
  public long rows() {
    return train.rows();
  }

  @Override
  public Map<String, Double> presentShare(List<String> features) {
    Map<String, Double> present = new LinkedHashMap<>();
    for (int j = 0; j < features.size(); j++) {
      present.put(features.get(j), train.presentShare(j));
    }
    return present;
  }

  @Override
  public Map<String, Double> singleFeatureAuc(FeatureCatalog catalog, List<String> features) {
    return singleFeatureAuc(train, catalog, features);
  }

  /** Each feature's own AUC on rows held in memory, by the one rule the features stage uses too. */
  static Map<String, Double> singleFeatureAuc(Rows rows, FeatureCatalog catalog, List<String> features) {
    Map<String, Double> out = new LinkedHashMap<>();
    double[] y = rows.labels();
    for (int j = 0; j < features.size(); j++) {
      String f = features.get(j);
      out.put(f, SingleFeatureAuc.of(catalog.get(f).type(), SingleFeatureAuc.buckets(rows.column(j), y)));
    }
    return out;
  }

  @Override
  public CrossValidation.Result crossValidate(List<XgbParams> grid, Function<XgbParams, Map<String, Object>> booster,
                                              io.leadscore.training.search.SearchBudget budget) {
    return new CrossValidation(folds, earlyStoppingRounds, topFraction, booster, sampling).run(train, grid, budget);
  }

  @Override
  public NativeXgb.Fit fit(XgbParams p, Map<String, Object> booster, int rounds) {
    return NativeXgb.fit(sampling.apply(train), null, booster, rounds, 0);
  }

  @Override
  public NativeXgb.Fit refit(XgbParams p, Map<String, Object> booster, int rounds, Rows holdout) {
    return NativeXgb.fit(sampling.apply(train.concat(holdout)), null, booster, rounds, 0);
  }

  @Override
  public Rows fitRows(Rows rows) {
    return sampling.apply(rows);
  }

  @Override
  public Rows driverRows() {
    return train;
  }

  @Override
  public void close() {}
}
