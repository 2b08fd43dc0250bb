package io.leadscore.training.xgb;

import io.leadscore.training.errors.TrainingErrors;
import java.util.Arrays;

/**
 * Training rows on the driver, row-major (float features, NaN = missing), with what CV needs per row:
 * the label, days to convert (NaN when unknown), the lead's fold and whether the lead is in the
 * early-stopping validation split. Folds and the validation split are by lead, so no lead is on both
 * sides of any split.
 */
public record Rows(float[] x, int rows, int cols, float[] label, double[] daysToConvert, int[] fold,
                   boolean[] validation, float[] weight) {

  /** Unweighted rows (every weight 1). */
  public Rows(float[] x, int rows, int cols, float[] label, double[] daysToConvert, int[] fold, boolean[] validation) {
    this(x, rows, cols, label, daysToConvert, fold, validation, null);
  }

  /** Row i's weight: 1 unless the rows were sampled ({@link NegativeSampling}). */
  public float weightOf(int i) {
    return weight == null ? 1f : weight[i];
  }

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
    float[] nw = weight == null ? null : new float[n];
    int j = 0;
    for (int i = 0; i < rows; i++) {
      if (keep[i]) {
        System.arraycopy(x, i * cols, nx, j * cols, cols);
        nl[j] = label[i];
        nd[j] = daysToConvert[i];
        nf[j] = fold[i];
        nv[j] = validation[i];
        if (nw != null) {
          nw[j] = weight[i];
        }
        j++;
      }
    }
    return new Rows(nx, n, cols, nl, nd, nf, nv, nw);
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

  /**
   * Rows to score only, from columns (each a feature's values, NaN = missing): no labels, no folds, no validation
   * split. The inverse of {@link #column}.
   */
  public static Rows ofColumns(java.util.List<double[]> columns) {
    int n = columns.get(0).length;
    int c = columns.size();
    float[] x = new float[n * c];
    for (int j = 0; j < c; j++) {
      double[] col = columns.get(j);
      for (int i = 0; i < n; i++) {
        x[i * c + j] = (float) col[i];
      }
    }
    double[] unknown = new double[n];
    Arrays.fill(unknown, Double.NaN);
    return new Rows(x, n, c, new float[n], unknown, new int[n], new boolean[n]);
  }

  /** Column j as doubles (for single-feature AUC). */
  public double[] column(int j) {
    double[] c = new double[rows];
    for (int i = 0; i < rows; i++) {
      c[i] = x[i * cols + j];
    }
    return c;
  }

  /** Only the given columns, in that order. */
  public Rows project(int[] columns) {
    float[] nx = new float[rows * columns.length];
    for (int i = 0; i < rows; i++) {
      for (int k = 0; k < columns.length; k++) {
        nx[i * columns.length + k] = x[i * cols + columns[k]];
      }
    }
    return new Rows(nx, rows, columns.length, label, daysToConvert, fold, validation, weight);
  }

  /** These rows followed by {@code other}'s (same columns). */
  public Rows concat(Rows other) {
    if (other.cols != cols) {
      // guard: both parts are read from the same training set's columns
      throw new IllegalArgumentException("cannot append " + other + " to " + this + ": other columns");
    }
    int n = rows + other.rows;
    float[] nx = Arrays.copyOf(x, n * cols);
    System.arraycopy(other.x, 0, nx, rows * cols, other.rows * cols);
    float[] nl = Arrays.copyOf(label, n);
    System.arraycopy(other.label, 0, nl, rows, other.rows);
    double[] nd = Arrays.copyOf(daysToConvert, n);
    System.arraycopy(other.daysToConvert, 0, nd, rows, other.rows);
    int[] nf = Arrays.copyOf(fold, n);
    System.arraycopy(other.fold, 0, nf, rows, other.rows);
    boolean[] nv = Arrays.copyOf(validation, n);
    System.arraycopy(other.validation, 0, nv, rows, other.rows);
    float[] nw = null;
    if (weight != null || other.weight != null) {
      nw = new float[n];
      for (int i = 0; i < n; i++) {
        nw[i] = i < rows ? weightOf(i) : other.weightOf(i - rows);
      }
    }
    return new Rows(nx, n, cols, nl, nd, nf, nv, nw);
  }

  /** The share of rows with a value (not NaN) in column j. */
  public double presentShare(int j) {
    if (rows == 0) {
      return 0;
    }
    long present = 0;
    for (int i = 0; i < rows; i++) {
      present += Float.isNaN(x[i * cols + j]) ? 0 : 1;
    }
    return present / (double) rows;
  }

  /** Fills rows one at a time from packed bytes (see TrainingData): label, days, fold, validation, features. */
  public static final class Builder {
    /** holdout flag (1) + label (4) + days (8) + fold (4) + validation flag (1) */
    public static final int HEADER_BYTES = 18;
    private final int cols;
    private final float[] x;
    private final float[] label;
    private final double[] days;
    private final int[] fold;
    private final boolean[] validation;
    private int n;

    public Builder(int rows, int cols) {
      this.cols = cols;
      this.x = new float[rows * cols];
      this.label = new float[rows];
      this.days = new double[rows];
      this.fold = new int[rows];
      this.validation = new boolean[rows];
    }

    /** Adds the row at the buffer's position (after the holdout flag). */
    public void add(java.nio.ByteBuffer b) {
      if (n == label.length) {
        throw TrainingErrors.of("More rows arrived than were counted (%d): the training set changed while it was "
            + "read. Run one leadscore job per lakehouse at a time, then `leadscore train` again", n);
      }
      label[n] = b.getFloat();
      days[n] = b.getDouble();
      fold[n] = b.getInt();
      validation[n] = b.get() == 1;
      for (int j = 0; j < cols; j++) {
        x[n * cols + j] = b.getFloat();
      }
      n++;
    }

    public Rows build() {
      if (n != label.length) {
        throw TrainingErrors.of("%d rows arrived, %d were counted: the training set changed while it was read. Run "
            + "one leadscore job per lakehouse at a time, then `leadscore train` again", n, label.length);
      }
      return new Rows(x, n, cols, label, days, fold, validation);
    }
  }

  @Override
  public String toString() {
    return "Rows[" + rows + " x " + cols + ", positives " + positives() + ", folds "
        + Arrays.stream(fold).distinct().count() + "]";
  }
}
