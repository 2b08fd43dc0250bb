package io.leadscore.training;

import io.leadscore.models.metrics.FoldMetrics;
import io.leadscore.training.promotion.PromotionPolicy;
import java.util.List;
import java.util.Map;

/**
 * What a training run produced, grouped as the train stage reports it: the split, CV (mean ± std over the
 * chosen grid point's folds), the holdout metrics, the model (chosen parameters, registered version,
 * promotion decision, leakage alarms), the engine that trained and where the run was recorded.
 */
public record TrainResult(Data data, Cv cv, FoldMetrics holdout, Model model, Engine engine, Run run,
                          Probabilities probabilities) {

  /**
   * How the probabilities were calibrated ("platt (slope .., intercept ..)" or "none") and the holdout's expected
   * calibration error over {@code bins} equal bins, after and before calibration.
   */
  public record Probabilities(String calibration, int bins, double holdoutEce, double holdoutEceUncalibrated) {}

  /** The rows trained on and held out, and how the holdout was chosen. */
  public record Data(long trainRows, long holdoutRows, String holdoutKind, String holdoutDescription) {}

  /**
   * The chosen grid point's CV: its folds, mean AUC ± std, every metric's mean and std by logged name, and
   * what the search cost ({@code fits} counts the final fit too).
   */
  public record Cv(List<FoldMetrics> folds, double auc, double aucStd, Map<String, Double> mean,
                   Map<String, Double> std, int gridPoints, int fits, double seconds) {}

  /**
   * The trained model: its parameters and rounds, the registered version and the decision about it, and how the
   * parameters were searched ({@code search}: grid, or random with its trials, seed and budget) and what became of
   * the ensemble ({@code ensemble}: "off", "stacked: ..." or "kept xgboost: ..." with the holdout AUCs). The
   * {@code verdict} is what the decision made of the model; {@code decision} says it and why, in one sentence.
   */
  public record Model(String chosenParams, int rounds, int version, PromotionPolicy.Verdict verdict, String decision,
                      List<String> leakageAlarms, String search, String ensemble) {
    public boolean promoted() {
      return verdict == PromotionPolicy.Verdict.PROMOTED;
    }
  }

  /**
   * The engine that trained (native or distributed), why, and what CV ran on ({@code cvMode}: "full" or the
   * sample and grid points the distributed engine cut it to).
   */
  public record Engine(String name, String cvMode, String reason) {}

  /**
   * The recorded run: its id, where it went (local record, MLflow), and what a configured MLflow server still
   * lacks (empty when nothing is owed).
   */
  public record Run(String id, String tracking, List<String> undelivered) {}
}
