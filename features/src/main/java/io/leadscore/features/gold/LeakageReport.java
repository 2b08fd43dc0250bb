package io.leadscore.features.gold;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The leakage finding on a training set: each feature's single-feature AUC (direction-agnostic) and the
 * alarms, features above the threshold. The one report of both sides: the features stage writes it (JSON
 * beside the training set, see {@code catalog.spark.GoldFiles}) and training's promotion reads it to block a
 * leaking model, or builds it from the training rows when the features stage left none.
 *
 * @param auc feature -> AUC, in catalogue order; features with one class only are absent
 */
public record LeakageReport(double threshold, long rows, Map<String, Double> auc) {
  public LeakageReport {
    // direction-agnostic and defined only: a feature whose AUC is 0.02 is as leaky as one at 0.98
    Map<String, Double> folded = new LinkedHashMap<>();
    auc.forEach((f, a) -> {
      if (a != null && !a.isNaN()) {
        folded.put(f, Math.max(a, 1 - a));
      }
    });
    auc = java.util.Collections.unmodifiableMap(folded);
  }

  /** The same findings judged against another threshold (training's, when it reads the features stage's report). */
  public LeakageReport withThreshold(double other) {
    return new LeakageReport(other, rows, auc);
  }

  /** The alarms as promotion and the run summary state them: "tags (single-feature AUC 0.990)", strongest first. */
  public List<String> alarmTexts() {
    return alarms().entrySet().stream()
        .map(e -> String.format(java.util.Locale.ROOT, "%s (single-feature AUC %.3f)", e.getKey(), e.getValue()))
        .toList();
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
