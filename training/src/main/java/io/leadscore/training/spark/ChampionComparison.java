package io.leadscore.training.spark;

import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.Recoding;
import io.leadscore.models.metrics.PairedAuc;
import io.leadscore.training.promotion.PromotionPolicy;
import io.leadscore.models.registry.ModelCard;
import io.leadscore.training.xgb.NativeXgb;
import io.leadscore.training.xgb.Rows;
import java.util.ArrayList;
import java.util.List;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores the champion on today's holdout with its own contract, for the paired comparison: its inputs are
 * taken from today's holdout by name, categorical codes translated from today's catalogue into the
 * champion's, and its evaluated fit (the one that never saw a holdout lead) predicts them, through its linear part
 * and combiner when it is a stacked model (calibration is monotone: it cannot change the AUC). When that is
 * impossible (an input gone from today's catalogue, missing on every holdout row where the champion saw
 * values, an unreadable model) the result says why, and promotion is blocked unless configured otherwise.
 */
final class ChampionComparison {
  private static final Logger LOG = LoggerFactory.getLogger(ChampionComparison.class);

  private final FeatureCatalog today;

  ChampionComparison(FeatureCatalog today) {
    this.today = today;
  }

  /**
   * @param holdout   today's holdout, columns in today's catalogue order
   * @param candidate the candidate's scores of the same rows
   */
  PromotionPolicy.Champion compare(ModelCard champion, Rows holdout, double[] candidate) {
    String name = "v" + champion.version();
    double recorded = champion.metrics().getOrDefault("holdout_auc", Double.NaN);
    List<String> problems = new ArrayList<>();
    Rows own = ownInputs(champion, holdout, problems);
    if (!problems.isEmpty()) {
      LOG.warn("Champion {} cannot be compared on today's holdout: {}", name, problems);
      return PromotionPolicy.Champion.incomparable(name, String.join("; ", problems), recorded);
    }
    double[] scores;
    String path = champion.evaluatedModelPath();
    try {
      XGBoostClassificationModel m = (XGBoostClassificationModel) XGBoostClassificationModel.load(path);
      scores = NativeXgb.predict(new NativeXgb.Fit(m.nativeBooster().booster(), 0), own);
      // a stacked champion is compared as it scores: its linear part and combiner on the booster's margin
      scores = io.leadscore.training.ensemble.Stacking.probabilities(champion.contract().stack(), scores, own,
          champion.features());
      // the Spark model's Scala booster disposes the native one when collected: keep it alive until here
      java.lang.ref.Reference.reachabilityFence(m);
    } catch (RuntimeException e) {
      return PromotionPolicy.Champion.incomparable(name, "its model at " + path + " cannot be read: " + e.getMessage(),
          recorded);
    }
    return PromotionPolicy.Champion.compared(name, PairedAuc.of(scores, candidate, holdout.labels()));
  }

  /** The champion's inputs from today's holdout in its encoding; {@code problems} says what is not possible. */
  Rows ownInputs(ModelCard champion, Rows holdout, List<String> problems) {
    Recoding recoding = champion.recodingFrom(today);
    problems.addAll(recoding.problems());
    List<String> names = today.names();
    int[] index = champion.features().stream().mapToInt(names::indexOf).toArray();
    for (int k = 0; k < index.length; k++) {
      if (index[k] < 0 && recoding.problems().isEmpty()) {
        problems.add("feature '" + champion.features().get(k) + "' is not in today's catalogue (" + today.version()
            + ")");
      }
    }
    if (!problems.isEmpty()) {
      return null;
    }
    Rows own = holdout.project(index);
    float[] x = own.x();
    for (int k = 0; k < index.length; k++) {
      for (int i = 0; i < own.rows(); i++) {
        x[i * index.length + k] = (float) recoding.apply(k, x[i * index.length + k]);
      }
      String f = champion.features().get(k);
      double saw = champion.contract().presentShare().getOrDefault(f, 0.0);
      if (saw > 0 && own.presentShare(k) == 0) {
        problems.add(String.format(java.util.Locale.ROOT, "input '%s' is missing on every holdout row, where %.0f%% "
            + "of the champion's training rows had a value", f, saw * 100));
      }
    }
    return own;
  }
}
