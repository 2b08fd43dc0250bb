package io.leadscore.features.gold;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The leakage guard's finding on a training set: each feature's single-feature AUC (direction-agnostic) and
 * the alarms, features above the threshold. Training reads it (persisted as JSON beside the training set,
 * see {@code gold.spark.GoldFiles}) to block promotion.
 *
 * @param auc feature -> AUC, in catalogue order; features with one class only are absent
 */
public record LeakageReport(double threshold, long rows, Map<String, Double> auc) {
  public LeakageReport {
    auc = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(auc));
  }

  /** feature -> AUC of every feature above the threshold, strongest first. */
  public Map<String, Double> alarms() {
    Map<String, Double> out = new LinkedHashMap<>();
    auc.entrySet().stream().filter(e -> e.getValue() > threshold)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  public boolean alarmed() {
    return !alarms().isEmpty();
  }

  /** One line for the console: the alarm and the way out, or nothing to report. */
  public String message() {
    if (!alarmed()) {
      return String.format(java.util.Locale.ROOT, "leakage guard: no feature alone reaches AUC %.2f", threshold);
    }
    StringBuilder s = new StringBuilder("LEAKAGE ALARM: ");
    alarms().forEach((f, a) -> s.append(String.format(java.util.Locale.ROOT, "%s (AUC %.3f) ", f, a)));
    return s.append(String.format(java.util.Locale.ROOT, "alone predict the label above %.2f: they probably "
        + "encode the outcome; drop them (exclude_from_model) or raise leadscore.features.leakage_auc_threshold "
        + "if you are sure", threshold)).toString();
  }
}
