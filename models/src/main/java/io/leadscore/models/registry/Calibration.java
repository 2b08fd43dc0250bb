package io.leadscore.models.registry;

import io.leadscore.models.ModelsErrors;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.Serializable;

/**
 * A model's probability calibration, sealed in its card's contract and applied by {@code score.BatchScorer} (so
 * the nightly batch and the online scorer give the same calibrated probability). {@code platt}: Platt scaling on the
 * margin, {@code p' = sigmoid(slope * logit(p) + intercept)}, fitted on out-of-fold predictions; {@code none}: the
 * booster's probability as it is (cards written before calibration existed). The slope is kept positive, so the
 * map is strictly increasing: ranks, rank tiers and AUC are the booster's. It maps the final probability only:
 * reasons (SHAP contributions) still explain the booster's margin exactly.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Calibration(String method, double slope, double intercept) implements Serializable {
  public static final String NONE_METHOD = "none";
  public static final String PLATT = "platt";
  public static final Calibration NONE = new Calibration(NONE_METHOD, 1, 0);

  /** Probabilities are kept this far from 0 and 1 before the logit (a float32 booster output can be exactly 0/1). */
  private static final double EPS = 1e-7;

  /**
   * Leaves an uncalibrated model's calibration out of its stored card (Jackson's value filter: "equal" = omitted),
   * so such a card's JSON stays as it was before calibration existed.
   */
  public static final class OmitNone {
    @Override
    public boolean equals(Object o) {
      return o == null || (o instanceof Calibration c && c.isNone());
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }

  @JsonCreator
  public Calibration {
    method = method == null ? NONE_METHOD : method;
    if (method.equals(PLATT) && !(slope > 0 && Double.isFinite(intercept))) {
      throw ModelsErrors.of("A Platt calibration needs a slope > 0 and a finite intercept, not %s / %s: %s", slope,
          intercept, LinearModel.DAMAGED);
    }
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isNone() {
    return !method.equals(PLATT);
  }

  /** The calibrated probability of a booster probability. */
  public double apply(double p) {
    if (isNone()) {
      return p;
    }
    return sigmoid(slope * logit(p) + intercept);
  }

  /** Every score calibrated (a new array). */
  public double[] apply(double[] p) {
    double[] out = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = apply(p[i]);
    }
    return out;
  }

  /**
   * Platt scaling fitted by Newton's method on (logit(p), label), with Platt's smoothed targets
   * ({@code (n+ + 1) / (n+ + 2)} and {@code 1 / (n- + 2)}, which keep a small or separable sample from
   * stretching the curve to 0 and 1). {@link #NONE} when there is nothing to fit (no rows, one class) or the fit
   * would not be increasing.
   */
  public static Calibration platt(double[] p, double[] labels) {
    int n = p.length;
    double pos = 0;
    for (double y : labels) {
      pos += y > 0.5 ? 1 : 0;
    }
    double neg = n - pos;
    if (pos == 0 || neg == 0) {
      return NONE;
    }
    double hi = (pos + 1) / (pos + 2);
    double lo = 1 / (neg + 2);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = logit(p[i]);
    }
    double a = 1;
    double b = 0;
    for (int iter = 0; iter < 100; iter++) {
      // gradient and Hessian of the log loss in (a, b); a tiny ridge keeps the Hessian invertible
      double ga = 0;
      double gb = 0;
      double haa = 1e-9;
      double hab = 0;
      double hbb = 1e-9;
      for (int i = 0; i < n; i++) {
        double t = labels[i] > 0.5 ? hi : lo;
        double q = sigmoid(a * x[i] + b);
        double d = q - t;
        double w = Math.max(q * (1 - q), 1e-12);
        ga += d * x[i];
        gb += d;
        haa += w * x[i] * x[i];
        hab += w * x[i];
        hbb += w;
      }
      double det = haa * hbb - hab * hab;
      if (!(Math.abs(det) > 0)) {
        break;
      }
      double da = (hbb * ga - hab * gb) / det;
      double db = (haa * gb - hab * ga) / det;
      a -= da;
      b -= db;
      if (Math.abs(da) < 1e-10 && Math.abs(db) < 1e-10) {
        break;
      }
    }
    return a > 0 && Double.isFinite(a) && Double.isFinite(b) ? new Calibration(PLATT, a, b) : NONE;
  }

  /** The margin of a probability, kept {@code EPS} from 0 and 1 (the ensemble's stacking reads it too). */
  public static double logit(double p) {
    double q = Math.min(1 - EPS, Math.max(EPS, p));
    return Math.log(q / (1 - q));
  }

  public static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  /** "platt (slope 1.02, intercept -0.03)" or "none". */
  public String describe() {
    return isNone() ? NONE_METHOD : String.format(java.util.Locale.ROOT, "platt (slope %.4f, intercept %.4f)", slope,
        intercept);
  }
}
