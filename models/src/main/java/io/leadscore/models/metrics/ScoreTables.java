package io.leadscore.models.metrics;

import io.leadscore.models.ModelsErrors;
import java.util.ArrayList;
import java.util.List;

/**
 * The tables behind the evaluation plots and the days-to-convert comparison, kept apart from the scalar
 * metrics of {@link BinaryMetrics}: curves with one point per distinct score threshold, the reliability
 * table, and median days to convert on either side of the top cut.
 */
final class ScoreTables {
  /** A curve's point from the true positives, false positives and rows above a threshold. */
  interface PointAt {
    BinaryMetrics.Point at(double tp, double fp, double n);
  }

  private ScoreTables() {}

  /** One point per tie group of {@code order} (indices by score descending), after {@code first} if any. */
  static List<BinaryMetrics.Point> curve(double[] scores, double[] labels, int[] order, PointAt f,
                                         BinaryMetrics.Point first) {
    List<BinaryMetrics.Point> out = new ArrayList<>();
    if (first != null) {
      out.add(first);
    }
    double tp = 0;
    int i = 0;
    while (i < order.length) {
      int j = i;
      while (j < order.length && scores[order[j]] == scores[order[i]]) {
        tp += labels[order[j]];
        j++;
      }
      out.add(f.at(tp, j - tp, j));
      i = j;
    }
    return out;
  }

  /** Reliability table over {@code bins} equal-width score bins in [0, 1]; empty bins are left out. */
  static List<BinaryMetrics.CalibrationBin> calibration(double[] scores, double[] labels, int bins) {
    if (bins < 1) {
      throw ModelsErrors.of("calibration bins %d must be >= 1", bins);
    }
    int[] n = new int[bins];
    double[] sumP = new double[bins];
    double[] sumY = new double[bins];
    for (int i = 0; i < scores.length; i++) {
      int b = Math.min(bins - 1, Math.max(0, (int) Math.floor(scores[i] * bins)));
      n[b]++;
      sumP[b] += scores[i];
      sumY[b] += labels[i];
    }
    List<BinaryMetrics.CalibrationBin> out = new ArrayList<>();
    for (int b = 0; b < bins; b++) {
      if (n[b] > 0) {
        out.add(new BinaryMetrics.CalibrationBin((double) b / bins, (double) (b + 1) / bins, n[b], sumP[b] / n[b],
            sumY[b] / n[b]));
      }
    }
    return out;
  }

  /** {top, rest}: the median days of converted rows among the first {@code k} of {@code order} and after. */
  static double[] medianDaysToConvert(double[] labels, int[] order, double[] days, int k) {
    List<Double> top = new ArrayList<>();
    List<Double> rest = new ArrayList<>();
    for (int r = 0; r < order.length; r++) {
      double d = days[order[r]];
      if (labels[order[r]] == 1.0 && !Double.isNaN(d)) {
        (r < k ? top : rest).add(d);
      }
    }
    return new double[] {median(top), median(rest)};
  }

  static double median(List<Double> xs) {
    if (xs.isEmpty()) {
      return Double.NaN;
    }
    double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int m = a.length / 2;
    return a.length % 2 == 1 ? a[m] : (a[m - 1] + a[m]) / 2;
  }
}
