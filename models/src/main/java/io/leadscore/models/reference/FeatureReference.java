package io.leadscore.models.reference;

import io.leadscore.models.ModelsErrors;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One feature's training distribution, as the monitor compares today's values against it.
 *
 * <p>Numeric: {@code edges} are the distinct quantile cut points of the non-missing training values; bin
 * {@code j} holds values in {@code (edges[j-1], edges[j]]}, the first bin everything up to {@code edges[0]},
 * the last everything above the last edge (so {@code counts} has {@code edges.length + 1} entries). Quantile
 * bins give each bin about the same training share, which is what PSI's usual thresholds assume. Categorical:
 * {@code edges} are the codes seen in training, one bin each; a code not among them is an unseen level.
 * {@code sample} is a bounded random sample of the non-missing values, for the two-sample KS test.
 *
 * @param rows    training rows (missing included)
 * @param missing training rows without a value
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FeatureReference(String name, boolean categorical, double[] edges, long[] counts, long rows,
                               long missing, double[] sample) {

  public FeatureReference {
    if (counts.length != (categorical ? edges.length : edges.length + 1)) {
      throw ModelsErrors.of("The reference distribution of feature %s has %d counts for %d edges: the model's "
          + "reference file is damaged; train a new model (`leadscore train`) or roll back", name, counts.length,
          edges.length);
    }
  }

  /**
   * The reference of one column (NaN = missing).
   *
   * @param bins       quantile bins wanted for a numeric feature (fewer when values repeat)
   * @param sampleSize the most non-missing values kept for KS
   */
  public static FeatureReference of(String name, boolean categorical, double[] column, int bins, int sampleSize,
                                    long seed) {
    double[] present = Arrays.stream(column).filter(v -> !Double.isNaN(v)).toArray();
    long missing = column.length - present.length;
    double[] sorted = present.clone();
    Arrays.sort(sorted);
    double[] edges = categorical ? Arrays.stream(sorted).distinct().toArray() : quantileEdges(sorted, bins);
    long[] counts = new long[categorical ? edges.length : edges.length + 1];
    for (double v : present) {
      int b = bin(edges, categorical, v);
      if (b >= 0) {
        counts[b]++;
      }
    }
    return new FeatureReference(name, categorical, edges, counts, column.length, missing,
        sample(present, sampleSize, seed));
  }

  /** The bin of a value; -1 for a categorical code not seen in training. */
  public static int bin(double[] edges, boolean categorical, double v) {
    int i = Arrays.binarySearch(edges, v);
    if (categorical) {
      return i >= 0 ? i : -1;
    }
    // (edges[j-1], edges[j]] is bin j: an exact hit on edge j belongs to bin j
    return i >= 0 ? i : -i - 1;
  }

  public double missingRate() {
    return rows == 0 ? 0 : missing / (double) rows;
  }

  /** Distinct cut points at the 1/bins .. (bins-1)/bins quantiles (type 1, the lower value). */
  static double[] quantileEdges(double[] sorted, int bins) {
    if (sorted.length == 0) {
      return new double[0];
    }
    double[] q = new double[bins - 1];
    for (int k = 1; k < bins; k++) {
      int idx = (int) Math.ceil(k * sorted.length / (double) bins) - 1;
      q[k - 1] = sorted[Math.max(0, idx)];
    }
    double[] distinct = Arrays.stream(q).distinct().toArray();
    // a last edge equal to the maximum would leave the top bin empty: every value is <= it
    if (distinct.length > 0 && distinct[distinct.length - 1] == sorted[sorted.length - 1]) {
      distinct = Arrays.copyOf(distinct, distinct.length - 1);
    }
    return distinct;
  }

  /** A uniform random sample without replacement (all values when there are few), in a fixed order for a seed. */
  static double[] sample(double[] values, int size, long seed) {
    if (values.length <= size) {
      return values.clone();
    }
    double[] out = Arrays.copyOf(values, size);
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = size; i < values.length; i++) {
      int j = r.nextInt(i + 1);
      if (j < size) {
        out[j] = values[i];
      }
    }
    return out;
  }
}
