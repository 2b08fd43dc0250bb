package io.leadscore.models.metrics;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * DeLong's paired test of two AUCs on the same rows (DeLong, DeLong and Clarke-Pearson 1988, in the fast
 * mid-rank form of Sun and Xu 2014): the difference {@code b - a}, its standard error from the two
 * models' correlated structural components, and a two-sided interval at a confidence level. Plain Java.
 */
public record PairedAuc(int rows, double aucA, double aucB, double standardError) {

  /** @param a scores of the reference model, {@code b} of the new one, {@code labels} 0/1 for the same rows */
  public static PairedAuc of(double[] a, double[] b, double[] labels) {
    if (a.length != b.length || a.length != labels.length) {
      // guard: both models score the same holdout rows
      throw new IllegalArgumentException("paired AUC needs the same rows: " + a.length + ", " + b.length + " scores, "
          + labels.length + " labels");
    }
    int m = 0;
    for (double y : labels) {
      m += y == 1 ? 1 : 0;
    }
    int n = labels.length - m;
    if (m < 2 || n < 2) {
      return new PairedAuc(labels.length, Double.NaN, Double.NaN, Double.NaN);
    }
    double[][] v01 = new double[2][];
    double[][] v10 = new double[2][];
    double[] auc = new double[2];
    double[][] scores = {a, b};
    for (int k = 0; k < 2; k++) {
      double[] pos = new double[m];
      double[] neg = new double[n];
      int i = 0;
      int j = 0;
      for (int r = 0; r < labels.length; r++) {
        if (labels[r] == 1) {
          pos[i++] = scores[k][r];
        } else {
          neg[j++] = scores[k][r];
        }
      }
      double[] all = new double[m + n];
      System.arraycopy(pos, 0, all, 0, m);
      System.arraycopy(neg, 0, all, m, n);
      double[] tx = midranks(pos);
      double[] ty = midranks(neg);
      double[] tz = midranks(all);
      double sum = 0;
      v01[k] = new double[m];
      v10[k] = new double[n];
      for (int p = 0; p < m; p++) {
        sum += tz[p];
        v01[k][p] = (tz[p] - tx[p]) / n;
      }
      for (int q = 0; q < n; q++) {
        v10[k][q] = 1 - (tz[m + q] - ty[q]) / m;
      }
      auc[k] = (sum - m * (m + 1) / 2.0) / ((double) m * n);
    }
    double var = (cov(v01[0], v01[0]) + cov(v01[1], v01[1]) - 2 * cov(v01[0], v01[1])) / m
        + (cov(v10[0], v10[0]) + cov(v10[1], v10[1]) - 2 * cov(v10[0], v10[1])) / n;
    return new PairedAuc(labels.length, auc[0], auc[1], Math.sqrt(Math.max(0, var)));
  }

  /** {@code aucB - aucA}. */
  public double gain() {
    return aucB - aucA;
  }

  /** Lower end of the two-sided interval of the gain at this confidence (e.g. 0.95). */
  public double lower(double confidence) {
    return gain() - z(confidence) * standardError;
  }

  public double upper(double confidence) {
    return gain() + z(confidence) * standardError;
  }

  private static double z(double confidence) {
    return new NormalDistribution().inverseCumulativeProbability(1 - (1 - confidence) / 2);
  }

  /** 1-based ranks, ties averaged. */
  static double[] midranks(double[] x) {
    int[] order = StableOrder.of(x.length, (a, b) -> Double.compare(x[a], x[b]));
    double[] r = new double[x.length];
    int i = 0;
    while (i < x.length) {
      int j = i;
      while (j + 1 < x.length && x[order[j + 1]] == x[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        r[order[k]] = rank;
      }
      i = j + 1;
    }
    return r;
  }

  private static double cov(double[] x, double[] y) {
    double mx = Arrays.stream(x).average().orElse(0);
    double my = Arrays.stream(y).average().orElse(0);
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += (x[i] - mx) * (y[i] - my);
    }
    return s / (x.length - 1);
  }
}
