package io.leadscore.training.spark;

import io.leadscore.training.TrainingSettings;
import io.leadscore.models.metrics.BinaryMetrics;
import io.leadscore.models.metrics.FoldMetrics;
import io.leadscore.training.promotion.GainShareGuard;
import io.leadscore.training.xgb.NativeXgb;
import io.leadscore.training.xgb.Rows;
import java.util.List;
import java.util.Map;

/** The final fit on all training rows with the chosen parameters, judged on the holdout. */
final class EvaluateOnHoldout {
  /**
   * The evaluated fit (its booster is disposed at the end of the run), its holdout scores and metrics, and
   * each feature's total gain and share of it.
   */
  record Evaluation(NativeXgb.Fit fit, double[] scores, BinaryMetrics metrics, FoldMetrics holdout,
                    Map<String, Double> gain, Map<String, Double> gainShare) {}

  private EvaluateOnHoldout() {}

  static Evaluation run(Trainer trainer, TuneParameters.Tuning tuning, Rows holdout, TrainingSettings s,
                        List<String> features) {
    NativeXgb.Fit fit = trainer.fit(tuning.chosen(), tuning.booster(), tuning.chosen().numRound());
    double[] scores = NativeXgb.predict(fit, holdout);
    BinaryMetrics metrics = BinaryMetrics.of(scores, holdout.labels());
    FoldMetrics hold = FoldMetrics.of(metrics, s.topFraction(), holdout.daysToConvert());
    Map<String, Double> gain = NativeXgb.gain(fit.booster(), features);
    return new Evaluation(fit, scores, metrics, hold, gain, GainShareGuard.shares(gain));
  }
}
