package io.leadscore.models.score;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.LeadscoreException;
import io.leadscore.models.metrics.BinaryMetrics;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Rank tiers: shares of the night's leads, ties together, and A+B = the evaluated top 20%. */
class RankTiersTest {
  final RankTiers defaults = new RankTiers(0.05, 0.20, 0.50);

  static Map<String, Integer> count(TierRule rule, double[] p) {
    Map<String, Integer> m = new HashMap<>();
    for (double x : p) {
      m.merge(rule.tier(x), 1, Integer::sum);
    }
    return m;
  }

  @Test
  void distinctProbabilitiesGiveExactShares() {
    double[] p = new Random(1).doubles(1000).toArray();
    Map<String, Integer> m = count(defaults.cutoffs(p), p);
    assertEquals(Map.of("A", 50, "B", 150, "C", 300, "D", 500), m);
  }

  @Test
  void tiedLeadsShareATierAndTheSharesStayClose() {
    // 95% of the leads at a handful of values, as a small model's leaves give
    Random r = new Random(2);
    double[] p = new double[2000];
    for (int i = 0; i < p.length; i++) {
      p[i] = r.nextDouble() < 0.95 ? Math.floor(r.nextDouble() * 40) / 40 : r.nextDouble();
    }
    RankTiers.Cutoffs c = defaults.cutoffs(p);
    Map<Double, String> tierOf = new HashMap<>();
    for (double x : p) {
      String t = c.tier(x);
      assertEquals(tierOf.computeIfAbsent(x, k -> t), t, "leads at " + x + " in two tiers");
    }
    Map<String, Integer> m = count(c, p);
    double ab = (m.getOrDefault("A", 0) + m.getOrDefault("B", 0)) / (double) p.length;
    assertEquals(0.20, ab, 0.02, "A+B share " + m);
  }

  @Test
  void allEqualProbabilitiesLandInOneTier() {
    double[] p = new double[100];
    java.util.Arrays.fill(p, 0.3);
    assertEquals(1, count(defaults.cutoffs(p), p).size());
  }

  @Test
  void aPlusBPrecisionOnAHoldoutEqualsPrecisionAt20() {
    Random r = new Random(3);
    int n = 5000;
    double[] p = new double[n];
    double[] label = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = r.nextDouble();
      label[i] = r.nextDouble() < p[i] * p[i] ? 1 : 0;
    }
    TierRule rule = defaults.cutoffs(p);
    double hits = 0;
    int ab = 0;
    for (int i = 0; i < n; i++) {
      if (rule.tier(p[i]).equals("A") || rule.tier(p[i]).equals("B")) {
        ab++;
        hits += label[i];
      }
    }
    assertEquals(0.20 * n, ab);
    assertEquals(BinaryMetrics.of(p, label).precisionAt(0.20), hits / ab, 1e-12);
  }

  @Test
  void sharesMustGrow() {
    var e = assertThrows(LeadscoreException.class, () -> new RankTiers(0.2, 0.05, 0.5));
    assertTrue(e.getMessage().contains("leadscore.scoring.tiers.rank") && e.getMessage().contains("0.05"),
        e.getMessage());
  }

  @Test
  void tierRatesFromTheModelCard() {
    TierSettings rank = new TierSettings(TierSettings.Mode.RANK, defaults, new ScoreTiers(70, 40, 20));
    Map<String, Double> card = Map.of("precision_at_5", 0.6, "precision_at_20", 0.3, "precision_at_50", 0.15,
        "precision_at_100", 0.08);
    Map<String, Double> rates = TierRates.fromCard(card, rank);
    assertEquals(0.6, rates.get("A"), 1e-12);
    assertEquals((0.2 * 0.3 - 0.05 * 0.6) / 0.15, rates.get("B"), 1e-12);
    assertEquals((0.5 * 0.15 - 0.2 * 0.3) / 0.3, rates.get("C"), 1e-12);
    assertEquals((0.08 - 0.5 * 0.15) / 0.5, rates.get("D"), 1e-12);
    assertEquals(Map.of(), TierRates.fromCard(Map.of("precision_at_20", 0.3), rank), "unknown without the card's figures");
    assertEquals(Map.of(), TierRates.fromCard(card,
        new TierSettings(TierSettings.Mode.PROBABILITY, defaults, new ScoreTiers(70, 40, 20))));
  }
}
