package io.leadscore.monitoring;

import io.leadscore.models.metrics.BinaryMetrics;
import java.util.Map;
import java.util.TreeMap;

/** Realised performance of one score date and model version from its delivered scores and known outcomes. */
public final class RealisedPerformance {
  /** The top share the project reports precision and lift at (the training reports use the same 20%). */
  public static final double TOP = 0.2;

  private RealisedPerformance() {}

  /**
   * @param probability the delivered probabilities
   * @param converted   1 when the lead converted within the horizon after the score date
   * @param tier        the delivered tiers
   */
  public static PerformanceRow of(String scoreDate, String version, double[] probability, double[] converted,
                                  String[] tier, double baselineAuc) {
    long positives = 0;
    for (double y : converted) {
      positives += y == 1 ? 1 : 0;
    }
    double auc = Double.NaN;
    double precision = Double.NaN;
    double lift = Double.NaN;
    if (probability.length > 0 && positives > 0 && positives < probability.length) {
      BinaryMetrics m = BinaryMetrics.of(probability, converted);
      auc = m.auc();
      precision = m.precisionAt(TOP);
      lift = m.liftAt(TOP);
    }
    Map<String, Double> sumP = new TreeMap<>();
    Map<String, Double> sumY = new TreeMap<>();
    Map<String, Long> rows = new TreeMap<>();
    for (int i = 0; i < probability.length; i++) {
      sumP.merge(tier[i], probability[i], Double::sum);
      sumY.merge(tier[i], converted[i], Double::sum);
      rows.merge(tier[i], 1L, Long::sum);
    }
    Map<String, Double> expected = new TreeMap<>();
    Map<String, Double> observed = new TreeMap<>();
    rows.forEach((t, n) -> {
      expected.put(t, sumP.get(t) / n);
      observed.put(t, sumY.get(t) / n);
    });
    return new PerformanceRow(scoreDate, version, probability.length, positives,
        new PerformanceRow.Ranking(auc, precision, lift), baselineAuc,
        new PerformanceRow.TierCalibration(expected, observed, rows));
  }
}
