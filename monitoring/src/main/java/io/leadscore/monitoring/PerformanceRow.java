package io.leadscore.monitoring;

import java.util.Map;

/**
 * The performance realised on one score date by one model version, once its label horizon has closed (a row
 * of {@code gold/performance}).
 *
 * @param n           labelled leads of the score date evaluated
 * @param ranking     how well the version ranked them
 * @param baselineAuc the version's holdout AUC when it was trained (NaN when unknown)
 * @param tiers       per tier, predicted against observed conversion
 */
public record PerformanceRow(String scoreDate, String modelVersion, long n, long positives, Ranking ranking,
                             double baselineAuc, TierCalibration tiers) {
  /** Realised AUC, precision and lift in the top 20% (NaN when one class is missing). */
  public record Ranking(double auc, double precisionAt20, double lift) {}

  /**
   * @param expected per tier, the mean predicted probability of its leads
   * @param observed per tier, the share that converted within the horizon
   * @param rows     per tier, its leads
   */
  public record TierCalibration(Map<String, Double> expected, Map<String, Double> observed, Map<String, Long> rows) {}

  public double auc() {
    return ranking.auc();
  }

  public double precisionAt20() {
    return ranking.precisionAt20();
  }

  public double lift() {
    return ranking.lift();
  }

  public Map<String, Double> tierExpected() {
    return tiers.expected();
  }

  public Map<String, Double> tierObserved() {
    return tiers.observed();
  }

  public Map<String, Long> tierRows() {
    return tiers.rows();
  }
}
