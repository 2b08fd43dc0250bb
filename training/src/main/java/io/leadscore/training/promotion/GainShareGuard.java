package io.leadscore.training.promotion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The second leakage signal, from the model rather than single columns: a feature that holds more than
 * {@code maxShare} of the model's total gain, or whose share jumps by more than {@code maxJump} against the
 * champion (a feature the champion did not have counts from 0). A column that leaks only in combination,
 * or whose own AUC stays under the single-feature threshold, still dominates the trees that use it.
 */
public record GainShareGuard(double maxShare, double maxJump) {
  public GainShareGuard {
    if (!(maxShare > 0 && maxShare <= 1) || !(maxJump > 0 && maxJump <= 1)) {
      // guard: LeakageSettings rejects both leadscore.leakage keys outside (0, 1], naming the key
      throw new IllegalArgumentException("gain-share limits must be in (0, 1]: " + maxShare + ", " + maxJump);
    }
  }

  /** Each feature's share of the total gain (all 0 when the model never split). */
  public static Map<String, Double> shares(Map<String, Double> gain) {
    double total = gain.values().stream().mapToDouble(Double::doubleValue).sum();
    Map<String, Double> out = new LinkedHashMap<>();
    gain.forEach((f, g) -> out.put(f, total > 0 ? g / total : 0.0));
    return out;
  }

  /**
   * @param shares         the candidate's shares
   * @param championShares the champion's shares from its card; empty with no champion or an older card
   */
  public List<String> alarms(Map<String, Double> shares, Map<String, Double> championShares) {
    List<String> out = new ArrayList<>();
    shares.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).forEach(e -> {
      String f = e.getKey();
      double s = e.getValue();
      if (s > maxShare) {
        out.add(String.format(Locale.ROOT, "%s (holds %.0f%% of the model's gain, above leakage.max_gain_share %.2f)",
            f, s * 100, maxShare));
      } else if (!championShares.isEmpty() && s - championShares.getOrDefault(f, 0.0) > maxJump) {
        out.add(String.format(Locale.ROOT, "%s (gain share %.0f%%, up from %.0f%% in the champion: more than "
            + "leakage.max_gain_share_jump %.2f)", f, s * 100, championShares.getOrDefault(f, 0.0) * 100, maxJump));
      }
    });
    return out;
  }
}
