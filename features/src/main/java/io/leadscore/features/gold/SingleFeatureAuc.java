package io.leadscore.features.gold;

import io.leadscore.features.catalog.FeatureDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The AUC of one feature used alone as a score, direction-agnostic (max(auc, 1 - auc)), from counts of
 * positives and negatives per distinct value. Tied values count one half. Missing values form one group that
 * a tree can send either way, so it is placed below and above all values and the stronger AUC is kept.
 * A categorical feature's values are level indexes whose order means nothing, while a tree can group levels
 * freely: its AUC orders the levels (missing included) by their positive rate, the best any grouping reaches.
 * Plain Java: the Spark side only counts.
 */
public final class SingleFeatureAuc {
  /** Positives and negatives at one value; value NaN = missing. */
  public record Bucket(double value, long positives, long negatives) {}

  private SingleFeatureAuc() {}

  /** The AUC of a feature of this type: a category's levels by positive rate, anything else by value. */
  public static double of(FeatureDefinition.Type type, List<Bucket> buckets) {
    return type == FeatureDefinition.Type.CATEGORY ? categoricalAuc(buckets) : auc(buckets);
  }

  /** The buckets of one column held in memory (NaN = missing) against 0/1 labels. */
  public static List<Bucket> buckets(double[] values, double[] labels) {
    Map<Double, long[]> counts = new HashMap<>();
    for (int i = 0; i < values.length; i++) {
      // one key for every NaN: Double.valueOf(NaN) equals itself, so all missing values share a bucket
      long[] pn = counts.computeIfAbsent(values[i], v -> new long[2]);
      pn[labels[i] > 0.5 ? 0 : 1]++;
    }
    List<Bucket> out = new ArrayList<>(counts.size());
    counts.forEach((v, pn) -> out.add(new Bucket(v, pn[0], pn[1])));
    return out;
  }

  /** The AUC of a categorical feature: levels ordered by positive rate; NaN when one class is absent. */
  public static double categoricalAuc(List<Bucket> buckets) {
    List<Bucket> ordered = new ArrayList<>(buckets);
    ordered.sort(Comparator.comparingDouble(
        (Bucket b) -> (double) b.positives() / Math.max(1, b.positives() + b.negatives()))
        .thenComparingDouble(Bucket::value));
    double a = ascendingAuc(ordered);
    return Double.isNaN(a) ? a : Math.max(a, 1 - a);
  }

  /** The AUC of a numeric feature; NaN when one class is absent (no AUC is defined). */
  public static double auc(List<Bucket> buckets) {
    List<Bucket> known = new ArrayList<>();
    long missP = 0;
    long missN = 0;
    for (Bucket b : buckets) {
      if (Double.isNaN(b.value())) {
        missP += b.positives();
        missN += b.negatives();
      } else {
        known.add(b);
      }
    }
    known.sort(Comparator.comparingDouble(Bucket::value));
    List<Bucket> merged = new ArrayList<>();
    for (Bucket b : known) {
      Bucket last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && last.value() == b.value()) {
        merged.set(merged.size() - 1, new Bucket(b.value(), last.positives() + b.positives(),
            last.negatives() + b.negatives()));
      } else {
        merged.add(b);
      }
    }
    double best = Double.NaN;
    for (boolean missingLow : new boolean[] {true, false}) {
      List<Bucket> ordered = new ArrayList<>(merged);
      if (missP + missN > 0) {
        ordered.add(missingLow ? 0 : ordered.size(), new Bucket(Double.NaN, missP, missN));
      }
      double a = ascendingAuc(ordered);
      if (!Double.isNaN(a)) {
        double agnostic = Math.max(a, 1 - a);
        best = Double.isNaN(best) ? agnostic : Math.max(best, agnostic);
      }
    }
    return best;
  }

  /** P(score of a positive > score of a negative) + half the ties, for buckets in ascending order. */
  static double ascendingAuc(List<Bucket> ordered) {
    long p = 0;
    long n = 0;
    for (Bucket b : ordered) {
      p += b.positives();
      n += b.negatives();
    }
    if (p == 0 || n == 0) {
      return Double.NaN;
    }
    double wins = 0;
    long negativesBelow = 0;
    for (Bucket b : ordered) {
      wins += (double) b.positives() * negativesBelow + 0.5 * b.positives() * b.negatives();
      negativesBelow += b.negatives();
    }
    return wins / ((double) p * n);
  }
}
