package io.leadscore.training.promotion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.features.gold.LeakageReport;
import io.leadscore.models.metrics.PairedAuc;
import io.leadscore.training.promotion.PromotionPolicy.Champion;
import io.leadscore.training.promotion.PromotionPolicy.Verdict;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PromotionPolicyTest {
  private final PromotionPolicy policy = new PromotionPolicy(0.0, 0.95, 0.6, 0.3, 0.1, false, false);

  /** A holdout of n rows: a champion that ranks by signal + noise, and a candidate = champion + extra noise/signal. */
  static double[][] holdout(int n, long seed, double candidateSignal, double candidateNoise) {
    return holdout(n, seed, 1.0, candidateSignal, candidateNoise, false);
  }

  /** With {@code independent}, the candidate is another model of the same quality (its own noise). */
  static double[][] holdout(int n, long seed, double championNoise, double candidateSignal, double candidateNoise,
                            boolean independent) {
    Random r = new Random(seed);
    double[] y = new double[n];
    double[] a = new double[n];
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      double latent = r.nextGaussian();
      y[i] = latent + r.nextGaussian() > 1.2 ? 1 : 0;
      a[i] = latent + championNoise * r.nextGaussian();
      b[i] = independent ? latent + championNoise * r.nextGaussian()
          : a[i] + candidateSignal * latent + candidateNoise * r.nextGaussian();
    }
    return new double[][] {a, b, y};
  }

  /** The first seed whose equally good candidate happens to beat the champion by more than {@code gain}. */
  static PairedAuc luckyCandidate(double gain) {
    for (long seed = 1; seed < 200; seed++) {
      double[][] h = holdout(7000, seed, 1.0, 0, 0, true);
      PairedAuc p = PairedAuc.of(h[0], h[1], h[2]);
      if (p.gain() > gain) {
        return p;
      }
    }
    throw new AssertionError("no seed gave a gain above " + gain);
  }

  @Test
  void firstModelAboveTheFloorsIsPromoted() {
    PromotionPolicy.Decision d = policy.decide(0.80, 0.5, Champion.none(), List.of());
    assertTrue(d.promoted());
    assertEquals("promoted: no champion yet (holdout AUC 0.8000)", d.toString());
  }

  @Test
  void floorsComeFirstAndReject() {
    assertEquals("rejected: holdout AUC 0.5500 is below the floor 0.6000",
        policy.decide(0.55, 0.9, Champion.none(), List.of()).toString());
    assertEquals("rejected: precision@top 0.2000 is below the floor 0.3000",
        policy.decide(0.8, 0.2, Champion.none(), List.of()).toString());
  }

  @Test
  void aGainWithinTheNoiseOfTheHoldoutIsNotPromoted() {
    // ~7k holdout rows: a candidate exactly as good as the champion, ahead by luck
    PairedAuc p = luckyCandidate(0.001);
    assertTrue(p.gain() > 0.001, "the candidate is ahead by " + p.gain() + ": the seed's +0.001 rule would promote it");
    PromotionPolicy.Decision d = policy.decide(p.aucB(), 0.5, Champion.compared("v1", p), List.of());
    assertEquals(Verdict.CHALLENGER, d.verdict(), d.toString());
    assertTrue(d.reason().contains("vs champion v1") && d.reason().contains("95% interval [")
        && d.reason().contains("not significantly above min gain 0.0000"), d.reason());
  }

  @Test
  void aModelThatLosesByNoiseIsNotPromoted() {
    PairedAuc lucky = luckyCandidate(0.001);
    PairedAuc p = new PairedAuc(lucky.rows(), lucky.aucB(), lucky.aucA(), lucky.standardError());
    assertTrue(p.gain() < 0, "gain " + p.gain());
    assertEquals(Verdict.CHALLENGER, policy.decide(p.aucB(), 0.5, Champion.compared("v1", p), List.of()).verdict());
  }

  @Test
  void aSignificantGainIsPromotedAndTheMinimumGainStillApplies() {
    double[][] h = holdout(7000, 3, 0.5, 0.0);
    PairedAuc p = PairedAuc.of(h[0], h[1], h[2]);
    assertTrue(p.lower(0.95) > 0.005, p.toString());
    PromotionPolicy.Decision d = policy.decide(p.aucB(), 0.5, Champion.compared("v1", p), List.of());
    assertTrue(d.promoted(), d.toString());
    assertTrue(d.reason().endsWith("significantly above min gain 0.0000"), d.reason());
    PromotionPolicy demanding = new PromotionPolicy(p.upper(0.95), 0.95, 0.6, 0.3, 0.1, false, false);
    assertEquals(Verdict.CHALLENGER, demanding.decide(p.aucB(), 0.5, Champion.compared("v1", p), List.of()).verdict());
  }

  @Test
  void leakageAlarmRejectsUnlessAllowed() {
    List<String> alarms = new LeakageReport(0.95, 0, Map.of("tags", 0.99, "visits", 0.7, "inverse", 0.02))
        .alarmTexts();
    assertEquals(2, alarms.size());
    PromotionPolicy.Decision blocked = policy.decide(0.99, 0.9, Champion.none(), alarms);
    assertEquals(Verdict.REJECTED, blocked.verdict());
    assertTrue(blocked.reason().startsWith("leakage alarm on [tags (single-feature AUC 0.990), inverse"),
        blocked.reason());
    assertTrue(new PromotionPolicy(0.0, 0.95, 0.6, 0.3, 0.1, true, false).decide(0.99, 0.9, Champion.none(), alarms)
        .promoted());
  }

  @Test
  void aSuspiciousJumpOverTheChampionIsRejectedEvenWhenSignificant() {
    double[][] h = holdout(5000, 3, 3.0, 0, 0, false);
    h[1] = h[2].clone(); // the candidate sees the outcome: a leak
    for (int i = 0; i < h[1].length; i++) {
      h[1][i] += 0.7 * h[0][i] / 3;
    }
    PairedAuc p = PairedAuc.of(h[0], h[1], h[2]);
    assertTrue(p.gain() > 0.1, p.toString());
    PromotionPolicy.Decision d = policy.decide(p.aucB(), 0.9, Champion.compared("v3", p), List.of());
    assertEquals(Verdict.REJECTED, d.verdict());
    assertTrue(d.reason().contains("vs champion v3") && d.reason().contains("jumps more than max_auc_jump 0.1000"),
        d.reason());
  }

  @Test
  void anIncomparableChampionBlocksPromotionAndTheJumpStillApplies() {
    Champion c = Champion.incomparable("v2", "feature 'tags' is not in today's catalogue (x)", 0.80);
    PromotionPolicy.Decision blocked = policy.decide(0.85, 0.9, c, List.of());
    assertEquals(Verdict.CHALLENGER, blocked.verdict());
    assertTrue(blocked.reason().startsWith("promotion blocked: champion v2 cannot be scored on today's holdout "
        + "(feature 'tags' is not in today's catalogue (x))") && blocked.reason().contains("allow_incomparable"),
        blocked.reason());
    PromotionPolicy lenient = new PromotionPolicy(0.0, 0.95, 0.6, 0.3, 0.1, false, true);
    assertTrue(lenient.decide(0.85, 0.9, c, List.of()).promoted());
    PromotionPolicy.Decision jump = lenient.decide(0.958, 0.9, c, List.of());
    assertEquals(Verdict.REJECTED, jump.verdict());
    assertTrue(jump.reason().contains("jumps 0.1580 above champion v2's recorded 0.8000"), jump.reason());
  }

  @Test
  void gainShareAlarmNamesADominantOrAJumpingFeature() {
    GainShareGuard g = new GainShareGuard(0.5, 0.3);
    Map<String, Double> shares = GainShareGuard.shares(Map.of("tags", 70.0, "visits", 20.0, "time", 10.0));
    assertEquals(List.of("tags (holds 70% of the model's gain, above leakage.max_gain_share 0.50)"),
        g.alarms(shares, Map.of()));
    Map<String, Double> newcomer = GainShareGuard.shares(Map.of("tags", 45.0, "visits", 35.0, "time", 20.0));
    assertEquals(List.of(), g.alarms(newcomer, Map.of()));
    assertEquals(List.of("tags (gain share 45%, up from 0% in the champion: more than leakage.max_gain_share_jump "
        + "0.30)"), g.alarms(newcomer, Map.of("visits", 0.6, "time", 0.4)));
  }
}
