package io.leadscore.training.ensemble;

import java.util.stream.IntStream;

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
  /** rows a chunk sums; fixed, so a fit's result is the same on any number of cores */
  private static final int CHUNK_ROWS = 1 << 16;

  private LogisticFit() {}

  /**
   * @param weights per row (null: 1)
   * @return the intercept, then one coefficient per input
   */
  public static double[] fit(int rows, int dims, Inputs inputs, double[] labels, float[] weights, double l2) {
    int d = dims + 1;
    double[] beta = new double[d];
    int chunks = Math.max(1, (rows + CHUNK_ROWS - 1) / CHUNK_ROWS);
    double[][] gs = new double[chunks][d];
    double[][] hs = new double[chunks][d * d];
    for (int step = 0; step < MAX_STEPS; step++) {
      double[] b = beta;
      // the rows in fixed chunks, each summed on its own and the chunks added in order: the cores share a step
      // (a stacked model fits five of these on millions of rows), and the sums do not depend on how many there are
      IntStream.range(0, chunks).parallel().forEach(c -> accumulate(c * CHUNK_ROWS,
          Math.min(rows, (c + 1) * CHUNK_ROWS), dims, inputs, labels, weights, b, gs[c], hs[c]));
      double[] g = new double[d];
      double[][] h = new double[d][d];
      for (int a = 0; a < d; a++) {
        g[a] = a == 0 ? 0 : l2 * beta[a];
        h[a][a] = a == 0 ? 1e-9 : l2 + 1e-9;
      }
      for (int c = 0; c < chunks; c++) {
        for (int a = 0; a < d; a++) {
          g[a] += gs[c][a];
          for (int k = 0; k <= a; k++) {
            h[a][k] += hs[c][a * d + k];
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

  /** Rows [from, to)'s gradient into {@code g} and Hessian (lower triangle, row-major d x d) into {@code h}. */
  private static void accumulate(int from, int to, int dims, Inputs inputs, double[] labels, float[] weights,
                                 double[] beta, double[] g, double[] h) {
    int d = dims + 1;
    java.util.Arrays.fill(g, 0);
    java.util.Arrays.fill(h, 0);
    double[] z = new double[dims];
    for (int i = from; i < to; i++) {
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
      h[0] += v;
      for (int a = 0; a < dims; a++) {
        double vz = v * z[a];
        g[a + 1] += r * z[a];
        int row = (a + 1) * d;
        h[row] += vz;
        for (int k = 0; k <= a; k++) {
          h[row + k + 1] += vz * z[k];
        }
      }
    }
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
