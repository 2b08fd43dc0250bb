package io.leadscore.training.ensemble;

/**
 * A logistic regression with an L2 penalty on the coefficients (not the intercept) fitted by Newton's method:
 * {@code sum_i w_i logloss_i + l2/2 * |beta|^2} (the penalty is not scaled by the rows, as in scikit-learn's
 * {@code C = 1/l2}). The inputs are few (tens), so each step solves the full Hessian by Cholesky.
 */
public final class LogisticFit {
  /** Row i's inputs into {@code out} (length {@code dims}). */
  @FunctionalInterface
  public interface Inputs {
    void row(int i, double[] out);
  }

  private static final int MAX_STEPS = 50;

  private LogisticFit() {}

  /**
   * @param weights per row (null: 1)
   * @return the intercept, then one coefficient per input
   */
  public static double[] fit(int rows, int dims, Inputs inputs, double[] labels, float[] weights, double l2) {
    int d = dims + 1;
    double[] beta = new double[d];
    double[] z = new double[dims];
    double[] g = new double[d];
    double[][] h = new double[d][d];
    for (int step = 0; step < MAX_STEPS; step++) {
      for (int a = 0; a < d; a++) {
        g[a] = a == 0 ? 0 : l2 * beta[a];
        java.util.Arrays.fill(h[a], 0);
        h[a][a] = a == 0 ? 1e-9 : l2 + 1e-9;
      }
      for (int i = 0; i < rows; i++) {
        inputs.row(i, z);
        double m = beta[0];
        for (int j = 0; j < dims; j++) {
          m += beta[j + 1] * z[j];
        }
        double p = io.leadscore.models.registry.Calibration.sigmoid(m);
        double w = weights == null ? 1 : weights[i];
        double r = w * (p - labels[i]);
        double v = w * Math.max(p * (1 - p), 1e-12);
        g[0] += r;
        h[0][0] += v;
        for (int a = 0; a < dims; a++) {
          g[a + 1] += r * z[a];
          h[a + 1][0] += v * z[a];
          for (int b = 0; b <= a; b++) {
            h[a + 1][b + 1] += v * z[a] * z[b];
          }
        }
      }
      double[] delta = solve(h, g);
      double largest = 0;
      for (int a = 0; a < d; a++) {
        beta[a] -= delta[a];
        largest = Math.max(largest, Math.abs(delta[a]));
      }
      if (largest < 1e-9) {
        break;
      }
    }
    return beta;
  }

  /** Solves {@code h x = g} for a symmetric positive definite {@code h} given by its lower triangle. */
  static double[] solve(double[][] h, double[] g) {
    int d = g.length;
    double[][] l = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        double s = h[i][j];
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        l[i][j] = i == j ? Math.sqrt(Math.max(s, 1e-12)) : s / l[j][j];
      }
    }
    double[] y = new double[d];
    for (int i = 0; i < d; i++) {
      double s = g[i];
      for (int k = 0; k < i; k++) {
        s -= l[i][k] * y[k];
      }
      y[i] = s / l[i][i];
    }
    double[] x = new double[d];
    for (int i = d - 1; i >= 0; i--) {
      double s = y[i];
      for (int k = i + 1; k < d; k++) {
        s -= l[k][i] * x[k];
      }
      x[i] = s / l[i][i];
    }
    return x;
  }
}
