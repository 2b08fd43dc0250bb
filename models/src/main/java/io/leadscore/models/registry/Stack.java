package io.leadscore.models.registry;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.leadscore.models.ModelsErrors;
import java.io.Serializable;
import java.util.List;

/**
 * A stacked model's linear part, sealed in its card's contract ({@code contract.stack}): a combiner on margins,
 * {@code margin = bias + xgbWeight * xgb_margin + linearWeight * linear_margin + sum_r ruleWeights[r] * rule_r},
 * fitted on out-of-fold margins. {@code none} (cards without one): the booster's margin as it is.
 *
 * <p>Because every part is linear in margins, the score is explained exactly: input j's contribution is
 * {@code xgbWeight * SHAP_j + linearWeight * coef_j * z_j} plus the weight of every rule on input j that fires, the
 * bias is {@code bias + xgbWeight * SHAP_bias + linearWeight * intercept}, and they sum to the stacked margin.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Stack(String method, double xgbWeight, double linearWeight, double bias, LinearModel linear,
                    List<RuleSignal> rules, double[] ruleWeights) implements Serializable {
  public static final String NONE_METHOD = "none";
  public static final String STACKED = "stacked";
  public static final Stack NONE = new Stack(NONE_METHOD, 1, 0, 0, null, List.of(), new double[0]);

  /** Leaves a model without a stack out of its stored card, so such a card's JSON stays as it was. */
  public static final class OmitNone {
    @Override
    public boolean equals(Object o) {
      return o == null || (o instanceof Stack s && s.isNone());
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }

  @JsonCreator
  public Stack {
    method = method == null ? NONE_METHOD : method;
    rules = rules == null ? List.of() : List.copyOf(rules);
    ruleWeights = ruleWeights == null ? new double[0] : ruleWeights;
    if (method.equals(STACKED) && (linear == null || ruleWeights.length != rules.size()
        || !Double.isFinite(xgbWeight + linearWeight + bias))) {
      throw ModelsErrors.of("A stacked model needs a linear model, finite weights and one weight per rule (%d rules, "
          + "%d weights): %s", rules.size(), ruleWeights.length, LinearModel.DAMAGED);
    }
  }

  @JsonIgnore
  public boolean isNone() {
    return !method.equals(STACKED);
  }

  /**
   * Each rule's input column in {@code features} (the model's input order); refused when the linear part was
   * fitted on another width or a rule names no input.
   */
  public int[] columns(List<String> features) {
    if (isNone()) {
      return new int[0];
    }
    if (linear.width() != features.size()) {
      throw ModelsErrors.of("The stacked model's linear part reads %d inputs but the model has %d %s: re-train",
          linear.width(), features.size(), features);
    }
    int[] out = new int[rules.size()];
    for (int r = 0; r < out.length; r++) {
      out[r] = features.indexOf(rules.get(r).feature());
      if (out[r] < 0) {
        throw ModelsErrors.of("Rule signal %s reads '%s', which is not an input of the model %s: re-train",
            rules.get(r).describe(), rules.get(r).feature(), features);
      }
    }
    return out;
  }

  /**
   * The stacked margin of a row.
   *
   * @param xgbMargin the booster's margin of the row
   * @param x         the row's inputs start at {@code offset} (the model's encoding, NaN missing)
   * @param cols      {@link #columns}
   */
  public double margin(double xgbMargin, double[] x, int offset, int[] cols) {
    if (isNone()) {
      return xgbMargin;
    }
    double m = bias + xgbWeight * xgbMargin + linearWeight * linear.margin(x, offset);
    for (int r = 0; r < cols.length; r++) {
      m += ruleWeights[r] * rules.get(r).signal(x[offset + cols[r]]);
    }
    return m;
  }

  /**
   * The stacked contributions of a row into {@code out} (width + 1, the bias last) from the booster's SHAP values
   * {@code shap} (width + 1, its bias last, as XGBoost gives them); they sum to {@link #margin}.
   */
  public void contributions(double[] shap, double[] x, int offset, int[] cols, double[] out) {
    int w = shap.length - 1;
    if (isNone()) {
      System.arraycopy(shap, 0, out, 0, w + 1);
      return;
    }
    for (int j = 0; j < w; j++) {
      out[j] = xgbWeight * shap[j] + linearWeight * linear.term(j, x[offset + j]);
    }
    // a rule's term is folded into the input it reads: the reason names that input
    for (int r = 0; r < cols.length; r++) {
      out[cols[r]] += ruleWeights[r] * rules.get(r).signal(x[offset + cols[r]]);
    }
    out[w] = bias + xgbWeight * shap[w] + linearWeight * linear.intercept();
  }

  /** "stacked (xgb 0.91, linear 0.22, rules: pricing_twice_7d 0.30)" or "none". */
  public String describe() {
    if (isNone()) {
      return NONE_METHOD;
    }
    StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT, "stacked (xgb %.3f, linear %.3f",
        xgbWeight, linearWeight));
    for (int r = 0; r < rules.size(); r++) {
      b.append(r == 0 ? ", rules: " : ", ").append(rules.get(r).name())
          .append(String.format(java.util.Locale.ROOT, " %.3f", ruleWeights[r]));
    }
    return b.append(')').toString();
  }
}
