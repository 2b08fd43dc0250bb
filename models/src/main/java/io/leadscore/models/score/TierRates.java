package io.leadscore.models.score;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each rank tier's conversion rate on the champion's training holdout, from the precision at the tiers'
 * cumulative shares that training records on the model card ({@code precision_at_5}, {@code _20},
 * {@code _50}, {@code _100} = the base rate). Rank tiers on that holdout are exactly these top shares, so
 * e.g. tier B's rate is (0.20 * P@20% - 0.05 * P@5%) / 0.15. Unknown (empty) in probability mode, or when
 * the card lacks a share the tiers use.
 */
public final class TierRates {
  private TierRates() {}

  public static Map<String, Double> fromCard(Map<String, Double> metrics, TierSettings tiers) {
    if (tiers.mode() != TierSettings.Mode.RANK || metrics == null) {
      return Map.of();
    }
    double[] cumulative = {0, tiers.rank().a(), tiers.rank().b(), tiers.rank().c(), 1};
    double[] hits = new double[cumulative.length];
    for (int i = 1; i < cumulative.length; i++) {
      long pct = Math.round(cumulative[i] * 100);
      Double p = metrics.get("precision_at_" + pct);
      if (p == null || p.isNaN() || Math.abs(pct - cumulative[i] * 100) > 1e-9) {
        return Map.of();
      }
      hits[i] = p * cumulative[i];
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (int t = 0; t < 4; t++) {
      out.put(TierRule.TIERS.get(t), (hits[t + 1] - hits[t]) / (cumulative[t + 1] - cumulative[t]));
    }
    return out;
  }
}
