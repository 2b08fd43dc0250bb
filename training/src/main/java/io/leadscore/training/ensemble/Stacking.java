package io.leadscore.training.ensemble;

import io.leadscore.features.catalog.FeatureDefinition;
import io.leadscore.models.registry.Calibration;
import io.leadscore.models.registry.LinearModel;
import io.leadscore.models.registry.Stack;
import io.leadscore.training.errors.TrainingErrors;
import io.leadscore.training.xgb.Rows;
import java.util.List;

/**
 * Fits the stacked model's linear part and combiner. The combiner, a regularised logistic regression on
 * [XGBoost margin, linear margin, rule signals], learns from out-of-fold margins only: each training row's
 * XGBoost margin comes from the CV fold model that did not see it, and its linear margin from a regression fitted
 * on the same other folds (the same lead-grouped folds), so it weighs each part by what it adds on unseen leads.
 * The deployed linear part is then fitted on every training row.
 */
public final class Stacking {
  /** The stack and its out-of-fold stacked margins (fold by fold, the order of the XGBoost out-of-fold scores). */
  public record Fitted(Stack stack, double[] outOfFoldMargins) {}

  private Stacking() {}

  /**
   * @param xgbOutOfFold the chosen candidate's out-of-fold probabilities, fold 0's rows first, each fold's in row
   *                     order ({@code train.foldIn(k)})
   */
  public static Fitted fit(Rows train, int folds, double[] xgbOutOfFold, List<String> features,
                           List<FeatureDefinition> definitions, EnsembleSettings s) {
    return fit(train, folds, xgbOutOfFold, features, definitions, s, java.util.function.UnaryOperator.identity());
  }

  /**
   * As {@link #fit(Rows, int, double[], List, List, EnsembleSettings)}, with each linear part fitted on
   * {@code fitRows} of its rows (the trainer's negative downsampling with weights); the combiner still learns from
   * every training row's out-of-fold margins.
   */
  public static Fitted fit(Rows train, int folds, double[] xgbOutOfFold, List<String> features,
                           List<FeatureDefinition> definitions, EnsembleSettings s,
                           java.util.function.UnaryOperator<Rows> fitRows) {
    if (xgbOutOfFold.length != train.rows()) {
      throw TrainingErrors.of("Stacking needs an out-of-fold XGBoost score for each of the %d training rows, got %d "
          + "(set leadscore.training.ensemble.enabled = false)", train.rows(), xgbOutOfFold.length);
    }
    // the deployed linear part sees every training row; the combiner only the fold regressions' margins below
    LinearModel deployed = LinearPart.fit(fitRows.apply(train), definitions, s.l2());
    Stack shape = new Stack(Stack.STACKED, 1, 1, 0, deployed, s.rules(), new double[s.rules().size()]);
    int[] cols = shape.columns(features);
    int r = s.rules().size();
    int n = train.rows();
    double[] inputs = new double[n * (2 + r)];
    double[] labels = new double[n];
    double[] row = new double[train.cols()];
    int at = 0;
    for (int k = 0; k < folds; k++) {
      LinearModel lr = LinearPart.fit(fitRows.apply(train.foldOut(k)), definitions, s.l2());
      Rows in = train.foldIn(k);
      for (int i = 0; i < in.rows(); i++, at++) {
        LinearPart.copyRow(in, i, row);
        int base = at * (2 + r);
        inputs[base] = Calibration.logit(xgbOutOfFold[at]);
        inputs[base + 1] = lr.margin(row, 0);
        for (int q = 0; q < r; q++) {
          inputs[base + 2 + q] = s.rules().get(q).signal(row[cols[q]]);
        }
        labels[at] = in.label()[i];
      }
    }
    double[] w = LogisticFit.fit(n, 2 + r, (i, out) -> System.arraycopy(inputs, i * (2 + r), out, 0, 2 + r), labels,
        null, s.combinerL2());
    double[] ruleWeights = new double[r];
    System.arraycopy(w, 3, ruleWeights, 0, r);
    Stack stack = new Stack(Stack.STACKED, w[1], w[2], w[0], shape.linear(), s.rules(), ruleWeights);
    double[] oof = new double[n];
    for (int i = 0; i < n; i++) {
      double m = w[0];
      for (int q = 0; q < 2 + r; q++) {
        m += w[q + 1] * inputs[i * (2 + r) + q];
      }
      oof[i] = m;
    }
    return new Fitted(stack, oof);
  }

  /** The stack's probabilities of {@code rows} from the booster's probabilities of them. */
  public static double[] probabilities(Stack stack, double[] xgb, Rows rows, List<String> features) {
    if (stack.isNone()) {
      return xgb.clone();
    }
    int[] cols = stack.columns(features);
    double[] row = new double[rows.cols()];
    double[] out = new double[rows.rows()];
    for (int i = 0; i < out.length; i++) {
      LinearPart.copyRow(rows, i, row);
      out[i] = Calibration.sigmoid(stack.margin(Calibration.logit(xgb[i]), row, 0, cols));
    }
    return out;
  }
}
