package io.leadscore.training;

import io.leadscore.models.metrics.BinaryMetrics;
import io.leadscore.models.metrics.FoldMetrics;
import io.leadscore.training.promotion.GainShareGuard;
import io.leadscore.training.xgb.NativeXgb;
import io.leadscore.training.xgb.Rows;
import io.leadscore.models.registry.Calibration;
import io.leadscore.models.registry.Stack;
import io.leadscore.training.ensemble.Stacking;
import java.util.List;
import java.util.Map;

/**
 * The final fit on all training rows with the chosen parameters, judged on the holdout; with the ensemble on, the
 * stacked model is judged beside it and kept only when it wins ({@link EnsembleChoice}).
 */
public final class EvaluateOnHoldout {
  /**
   * The evaluated fit (its booster is disposed at the end of the run), its holdout scores (calibrated: what
   * scoring will give) and metrics, each feature's total gain and share of it, and the holdout's expected
   * calibration error before and after calibration.
   */
  public record Evaluation(NativeXgb.Fit fit, double[] scores, BinaryMetrics metrics, FoldMetrics holdout,
                    Map<String, Double> gain, Map<String, Double> gainShare, Ece ece, Kept kept) {}

  /**
   * What the sealed model is: XGBoost alone ({@link Stack#NONE}) or the stack, its calibration, and why
   * ({@code ensemble}: "off", "stacked: ..." or "kept xgboost: ...").
   */
  public record Kept(Stack stack, Calibration calibration, String ensemble) {}

  /** Holdout ECE over {@code bins} equal bins, of the calibrated and of the booster's own probabilities. */
  public record Ece(int bins, double calibrated, double uncalibrated) {}

  private EvaluateOnHoldout() {}

  static Evaluation run(Trainer trainer, TuneParameters.Tuning tuning, Rows holdout, TrainingSettings s,
                        List<String> features) {
    NativeXgb.Fit fit = trainer.fit(tuning.chosen(), tuning.booster(), tuning.chosen().numRound());
    double[] xgb = NativeXgb.predict(fit, holdout);
    Kept kept = EnsembleChoice.choose(tuning, xgb, holdout, features, s);
    double[] raw = Stacking.probabilities(kept.stack(), xgb, holdout, features);
    double[] scores = kept.calibration().apply(raw);
    BinaryMetrics metrics = BinaryMetrics.of(scores, holdout.labels());
    Ece ece = new Ece(s.cv().calibrationBins(), metrics.expectedCalibrationError(s.cv().calibrationBins()),
        BinaryMetrics.of(raw, holdout.labels()).expectedCalibrationError(s.cv().calibrationBins()));
    FoldMetrics hold = FoldMetrics.of(metrics, s.cv().topFraction(), holdout.daysToConvert());
    Map<String, Double> gain = NativeXgb.gain(fit.booster(), features);
    return new Evaluation(fit, scores, metrics, hold, gain, GainShareGuard.shares(gain), ece, kept);
  }
}
