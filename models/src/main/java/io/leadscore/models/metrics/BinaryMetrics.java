package io.leadscore.models.metrics;

import io.leadscore.models.ModelsErrors;
import java.util.ArrayList;
import java.util.List;

/**
 * Ranking metrics of a binary classifier, in plain Java (no Spark): AUC-ROC, precision, recall and lift
 * at the top fraction, Brier score and log loss. Ties are handled exactly: AUC counts a tied
 * positive/negative pair as one half, and precision at k gives rows tied at the cut-off their expected
 * share (as if the tie were broken at random).
 */
public final class BinaryMetrics {
  private final double[] scores;
  private final double[] labels;
  private final int[] order; // indices by score descending, equal scores in index order
  private final long positives;

  private BinaryMetrics(double[] scores, double[] labels) {
    if (scores.length != labels.length) {
      throw ModelsErrors.of("scores (%d) and labels (%d) differ in length", scores.length, labels.length);
    }
    this.scores = scores.clone();
    this.labels = labels.clone();
    long p = 0;
    for (double l : labels) {
      if (l != 0.0 && l != 1.0) {
        throw ModelsErrors.of("label %s is not 0 or 1", l);
      }
      p += (long) l;
    }
    this.positives = p;
    double[] s = this.scores;
    this.order = StableOrder.of(s.length, (a, b) -> Double.compare(s[b], s[a]));
  }

  public static BinaryMetrics of(double[] scores, double[] labels) {
    return new BinaryMetrics(scores, labels);
  }

  public int size() {
    return scores.length;
  }

  public double baseRate() {
    return scores.length == 0 ? Double.NaN : (double) positives / scores.length;
  }

  /** AUC-ROC by the rank-sum (Mann-Whitney) formula with mid-ranks for ties; NaN with one class only. */
  public double auc() {
    long n = scores.length;
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    // ascending ranks with ties averaged
    double rankSumPos = 0;
    int i = (int) n - 1;
    long rank = 1;
    while (i >= 0) {
      int j = i;
      while (j - 1 >= 0 && scores[order[j - 1]] == scores[order[i]]) {
        j--;
      }
      int tied = i - j + 1;
      double midRank = rank + (tied - 1) / 2.0;
      for (int k = j; k <= i; k++) {
        rankSumPos += labels[order[k]] * midRank;
      }
      rank += tied;
      i = j - 1;
    }
    return (rankSumPos - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /** The expected number of positives among the top k rows (ties at the cut-off shared pro rata). */
  double positivesInTop(double k) {
    if (k <= 0) {
      return 0;
    }
    double taken = 0;
    double hits = 0;
    int i = 0;
    while (i < order.length && taken < k) {
      int j = i;
      double pos = 0;
      while (j < order.length && scores[order[j]] == scores[order[i]]) {
        pos += labels[order[j]];
        j++;
      }
      int group = j - i;
      double take = Math.min(group, k - taken);
      hits += pos * take / group;
      taken += take;
      i = j;
    }
    return hits;
  }

  private double topCount(double fraction) {
    if (fraction <= 0 || fraction > 1) {
      throw ModelsErrors.of("fraction %s must be in (0, 1]", fraction);
    }
    return Math.ceil(fraction * scores.length);
  }

  public double precisionAt(double fraction) {
    double k = topCount(fraction);
    return k == 0 ? Double.NaN : positivesInTop(k) / k;
  }

  public double recallAt(double fraction) {
    return positives == 0 ? Double.NaN : positivesInTop(topCount(fraction)) / positives;
  }

  /**
   * Lift: the conversion rate of the top fraction over the base rate (the industry's lift; 1 = no better
   * than picking leads at random).
   */
  public double liftAt(double fraction) {
    double rate = baseRate();
    double precision = precisionAt(fraction);
    return rate > 0 ? precision / rate : Double.NaN;
  }

  /** The conversion rate of the top fraction over that of the rest (not lift: it divides by the bottom's rate). */
  public double topVsRestAt(double fraction) {
    double k = topCount(fraction);
    double rest = scores.length - k;
    if (rest <= 0) {
      return Double.NaN;
    }
    double top = positivesInTop(k);
    double bottomRate = (positives - top) / rest;
    return bottomRate == 0 ? Double.NaN : (top / k) / bottomRate;
  }

  public double brier() {
    double s = 0;
    for (int i = 0; i < scores.length; i++) {
      double d = scores[i] - labels[i];
      s += d * d;
    }
    return s / scores.length;
  }

  public double logLoss() {
    double s = 0;
    for (int i = 0; i < scores.length; i++) {
      double p = Math.min(1 - 1e-15, Math.max(1e-15, scores[i]));
      s -= labels[i] * Math.log(p) + (1 - labels[i]) * Math.log(1 - p);
    }
    return s / scores.length;
  }

  /**
   * PR-AUC as average precision: the sum over distinct score thresholds of (recall gain) x precision,
   * a tie group counting as one threshold (as scikit-learn's average_precision_score).
   */
  public double prAuc() {
    if (positives == 0) {
      return Double.NaN;
    }
    double ap = 0;
    double tp = 0;
    int i = 0;
    while (i < order.length) {
      int j = i;
      double pos = 0;
      while (j < order.length && scores[order[j]] == scores[order[i]]) {
        pos += labels[order[j]];
        j++;
      }
      tp += pos;
      ap += (pos / positives) * (tp / j);
      i = j;
    }
    return ap;
  }

  /** A point of a curve (x, y), one per distinct score threshold, from the strictest down. */
  public record Point(double x, double y) {}

  /** ROC curve: (false positive rate, true positive rate), starting at (0, 0). */
  public List<Point> rocCurve() {
    return ScoreTables.curve(scores, labels, order,
        (tp, fp, n) -> new Point(fp / Math.max(1, scores.length - positives), tp / Math.max(1, positives)),
        new Point(0, 0));
  }

  /** Precision-recall curve: (recall, precision). */
  public List<Point> prCurve() {
    return ScoreTables.curve(scores, labels, order, (tp, fp, n) -> new Point(tp / Math.max(1, positives), tp / n),
        null);
  }

  /** Cumulative gains: (share of rows contacted, share of all conversions found), starting at (0, 0). */
  public List<Point> gainsCurve() {
    return ScoreTables.curve(scores, labels, order,
        (tp, fp, n) -> new Point(n / scores.length, tp / Math.max(1, positives)), new Point(0, 0));
  }

  /** One bin of the reliability table: rows with a score in [from, to). */
  public record CalibrationBin(double from, double to, int rows, double meanPredicted, double observedRate) {}

  /** Reliability table over {@code bins} equal-width score bins in [0, 1]; empty bins are left out. */
  public List<CalibrationBin> calibration(int bins) {
    return ScoreTables.calibration(scores, labels, bins);
  }

  /**
   * Expected calibration error over the same {@code bins}: each bin's |mean predicted - observed rate| weighted by
   * its share of the rows (0 = every bin's probabilities come true on average).
   */
  public double expectedCalibrationError(int bins) {
    double ece = 0;
    for (CalibrationBin b : calibration(bins)) {
      ece += (double) b.rows() / Math.max(1, scores.length) * Math.abs(b.meanPredicted() - b.observedRate());
    }
    return ece;
  }

  /**
   * Median days-to-convert of the converted rows in the top fraction and in the rest: {top, rest}.
   * {@code days[i]} belongs to row i (NaN where the lead did not convert or the source has no date);
   * rows tied at the cut-off go to the top in score order. NaN where a side has no conversion.
   */
  public double[] medianDaysToConvert(double[] days, double fraction) {
    if (days.length != scores.length) {
      throw ModelsErrors.of("days (%d) and scores (%d) differ in length", days.length, scores.length);
    }
    return ScoreTables.medianDaysToConvert(labels, order, days, (int) topCount(fraction));
  }
}
