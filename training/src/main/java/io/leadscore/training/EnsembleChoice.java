package io.leadscore.training;

import io.leadscore.models.metrics.BinaryMetrics;
import io.leadscore.models.registry.Calibration;
import io.leadscore.models.registry.Stack;
import io.leadscore.training.ensemble.Stacking;
import io.leadscore.training.xgb.CrossValidation;
import io.leadscore.training.xgb.Rows;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the stacked model only when it wins: its holdout AUC must beat XGBoost alone's (same fit, same rows) by
 * more than {@code ensemble.min_auc_gain}; otherwise the single XGBoost model is sealed and the reason recorded.
 * A kept stack is calibrated on its own out-of-fold margins (Platt), as XGBoost alone is on its out-of-fold scores.
 */
final class EnsembleChoice {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class); // the run logs as one job

  private EnsembleChoice() {}

  static EvaluateOnHoldout.Kept choose(TuneParameters.Tuning tuning, double[] xgb, Rows holdout, List<String> features,
                                       TrainingSettings s) {
    Stacking.Fitted stacked = tuning.stacked();
    if (stacked == null) {
      return new EvaluateOnHoldout.Kept(Stack.NONE, tuning.calibration(), tuning.why());
    }
    double[] labels = holdout.labels();
    double alone = BinaryMetrics.of(xgb, labels).auc();
    double stack = BinaryMetrics.of(Stacking.probabilities(stacked.stack(), xgb, holdout, features), labels).auc();
    double gain = s.ensemble().minAucGain();
    double[] oof = new double[stacked.outOfFoldMargins().length];
    for (int i = 0; i < oof.length; i++) {
      oof[i] = io.leadscore.models.registry.Calibration.sigmoid(stacked.outOfFoldMargins()[i]);
    }
    // the out-of-fold AUCs too (CV's figure for either; the combiner's three-odd weights saw these margins)
    CrossValidation.OutOfFold cv = tuning.cv().outOfFold();
    String outOfFold = String.format(Locale.ROOT, "out-of-fold AUC %.4f vs %.4f", BinaryMetrics.of(oof,
        cv.labels()).auc(), BinaryMetrics.of(cv.scores(), cv.labels()).auc());
    EvaluateOnHoldout.Kept kept;
    if (stack > alone + gain) {
      Calibration c = s.fit().calibration().equals(Calibration.PLATT)
          ? Calibration.platt(oof, tuning.cv().outOfFold().labels()) : Calibration.NONE;
      kept = new EvaluateOnHoldout.Kept(stacked.stack(), c, String.format(Locale.ROOT,
          "stacked: holdout AUC %.4f > xgboost %.4f%s (%s); %s", stack, alone, gain > 0 ? " + " + gain : "",
          outOfFold, stacked.stack().describe()));
    } else {
      kept = new EvaluateOnHoldout.Kept(Stack.NONE, tuning.calibration(), String.format(Locale.ROOT,
          "kept xgboost: stacked holdout AUC %.4f <= %.4f%s (%s)", stack, alone, gain > 0 ? " + " + gain : "",
          outOfFold));
    }
    LOG.info("Ensemble: {}", kept.ensemble());
    return kept;
  }
}
