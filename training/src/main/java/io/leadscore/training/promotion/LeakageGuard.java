package io.leadscore.training.promotion;

import java.util.List;
import java.util.Map;

/**
 * The leakage alarm: a single feature that separates the classes almost perfectly on its own (AUC above
 * the threshold, either direction) is far more likely to encode the outcome than to predict it.
 * Input is a map feature -> single-feature AUC, from the features stage's alarms or computed on the
 * training set; output is the alarms, strongest first.
 */
public final class LeakageGuard {
  /** A feature whose own AUC (folded to >= 0.5) is above the threshold. */
  public record Alarm(String feature, double auc) {
    @Override
    public String toString() {
      return String.format("%s (single-feature AUC %.3f)", feature, auc);
    }
  }

  private final double threshold;

  public LeakageGuard(double threshold) {
    if (!(threshold > 0.5 && threshold <= 1.0)) {
      throw new IllegalArgumentException("leakage threshold " + threshold + " must be in (0.5, 1]");
    }
    this.threshold = threshold;
  }

  public double threshold() {
    return threshold;
  }

  public List<Alarm> alarms(Map<String, Double> singleFeatureAuc) {
    return singleFeatureAuc.entrySet().stream()
        .filter(e -> e.getValue() != null && !e.getValue().isNaN())
        .map(e -> new Alarm(e.getKey(), Math.max(e.getValue(), 1 - e.getValue())))
        .filter(a -> a.auc() > threshold)
        .sorted((a, b) -> Double.compare(b.auc(), a.auc()))
        .toList();
  }
}
