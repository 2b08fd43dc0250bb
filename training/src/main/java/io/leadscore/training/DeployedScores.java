package io.leadscore.training;

import io.leadscore.training.ensemble.Stacking;
import io.leadscore.training.xgb.NativeXgb;
import io.leadscore.training.xgb.Rows;
import java.util.List;

/**
 * The deployed model's probabilities for the open leads on the training date, as scoring will give them (booster,
 * stack, calibration): the score reference the monitor compares each night with. The holdout's scores came from
 * the evaluated fit, not the deployed refit, and from decided snapshots, not the open leads; a model trained on
 * little moved between the two by a PSI of 0.5-0.7 on a quiet first night.
 */
public final class DeployedScores {
  private DeployedScores() {}

  /** @param columns per input (in {@code features} order) its values, NaN = missing */
  public static double[] of(NativeXgb.Fit deployed, List<double[]> columns, EvaluateOnHoldout.Kept kept,
                     List<String> features) {
    Rows rows = Rows.ofColumns(columns);
    double[] p = kept.calibration().apply(Stacking.probabilities(kept.stack(), NativeXgb.predict(deployed, rows), rows,
        features));
    // the monitor reads tonight's probabilities through a float, as it reads every value (DriftMeasure.value); the
    // reference is read the same way, or the leads that share the lowest probability (a fifth of a small night)
    // land one bin above their reference edge and the score PSI reads 1.6 on the training night itself
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) p[i];
    }
    return p;
  }
}
