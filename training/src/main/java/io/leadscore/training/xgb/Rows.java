package io.leadscore.training.xgb;

import java.util.Arrays;

/**
 * Training rows on the driver, row-major (float features, NaN = missing), with what CV needs per row:
 * the label, days to convert (NaN when unknown), the lead's fold and whether the lead is in the
 * early-stopping validation split. Folds and the validation split are by lead, so no lead is on both
 * sides of any split.
 */
public record Rows(float[] x, int rows, int cols, float[] label, double[] daysToConvert, int[] fold,
                   boolean[] validation) {

  /** The rows where {@code keep[i]}. */
  public Rows select(boolean[] keep) {
    int n = 0;
    for (boolean k : keep) {
      n += k ? 1 : 0;
    }
    float[] nx = new float[n * cols];
    float[] nl = new float[n];
    double[] nd = new double[n];
    int[] nf = new int[n];
    boolean[] nv = new boolean[n];
    int j = 0;
    for (int i = 0; i < rows; i++) {
      if (keep[i]) {
        System.arraycopy(x, i * cols, nx, j * cols, cols);
        nl[j] = label[i];
        nd[j] = daysToConvert[i];
        nf[j] = fold[i];
        nv[j] = validation[i];
        j++;
      }
    }
    return new Rows(nx, n, cols, nl, nd, nf, nv);
  }

  public Rows foldOut(int k) {
    boolean[] keep = new boolean[rows];
    for (int i = 0; i < rows; i++) {
      keep[i] = fold[i] != k;
    }
    return select(keep);
  }

  public Rows foldIn(int k) {
    boolean[] keep = new boolean[rows];
    for (int i = 0; i < rows; i++) {
      keep[i] = fold[i] == k;
    }
    return select(keep);
  }

  /** The early-stopping validation split ({@code wanted} = true) or the rest. */
  public Rows validationSplit(boolean wanted) {
    boolean[] keep = new boolean[rows];
    for (int i = 0; i < rows; i++) {
      keep[i] = validation[i] == wanted;
    }
    return select(keep);
  }

  public double[] labels() {
    double[] y = new double[rows];
    for (int i = 0; i < rows; i++) {
      y[i] = label[i];
    }
    return y;
  }

  public long positives() {
    long p = 0;
    for (float l : label) {
      p += l == 1f ? 1 : 0;
    }
    return p;
  }

  /** Column j as doubles (for single-feature AUC). */
  public double[] column(int j) {
    double[] c = new double[rows];
    for (int i = 0; i < rows; i++) {
      c[i] = x[i * cols + j];
    }
    return c;
  }

  @Override
  public String toString() {
    return "Rows[" + rows + " x " + cols + ", positives " + positives() + ", folds "
        + Arrays.stream(fold).distinct().count() + "]";
  }
}
