package io.leadscore.monitoring;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.models.reference.FeatureReference;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** PSI, KS and the binned reference against values computed by hand. */
class DriftStatisticsTest {
  @Test
  void psiMatchesTheHandComputedExample() {
    // shares e = .25 each, a = .1 .2 .3 .4:
    // (-.15)ln(.4) + (-.05)ln(.8) + (.05)ln(1.2) + (.15)ln(1.6) = .137444 + .011157 + .009116 + .070501 = .228218
    assertEquals(0.228218, Psi.of(new long[] {25, 25, 25, 25}, new long[] {10, 20, 30, 40}), 1e-6);
    assertEquals(0.0, Psi.of(new long[] {10, 30}, new long[] {100, 300}), 1e-12);
    // an empty reference bin: its share is floored at 1e-4, so the term is finite:
    // 2 x (-.1)ln(.8) + (.2 - .0001)ln(.2/.0001) = .044629 + 1.519420 = 1.564049
    assertEquals(1.564049, Psi.of(new long[] {50, 50, 0}, new long[] {40, 40, 20}), 1e-6);
    assertTrue(Double.isNaN(Psi.of(new long[] {0, 0}, new long[] {1, 2})));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Psi.of(new long[] {1, 2}, new long[] {1, 2, 3}));
    assertEquals("PSI needs the same bins: 2 vs 3", e.getMessage());
  }

  @Test
  void ksMatchesTheHandComputedExample() {
    // F_x - F_y is 0.6 on [3, 5): D = 0.6. Of the C(10,5) = 252 ways to split the ten values in two groups of
    // five, 90 give D >= 0.6 (enumerated): p = 90/252 = 0.357143
    TwoSampleKs.Result r = TwoSampleKs.of(new double[] {1, 2, 3, 4, 5}, new double[] {3.5, 4.5, 5.5, 6.5, 7.5});
    assertEquals(0.6, r.statistic(), 1e-12);
    assertEquals(90 / 252.0, r.pValue(), 1e-6);
    assertEquals(1.0, TwoSampleKs.of(new double[] {1, 2, 3}, new double[] {1, 2, 3}).pValue(), 1e-9);
    assertTrue(Double.isNaN(TwoSampleKs.of(new double[0], new double[] {1}).pValue()));
  }

  @Test
  void ksSeparatesAShiftFromNoiseInLargeSamples() {
    SplittableRandom r = new SplittableRandom(7);
    double[] a = normal(r, 2000, 0);
    double[] same = normal(r, 2000, 0);
    double[] shifted = normal(r, 2000, 0.3);
    assertTrue(TwoSampleKs.of(a, same).pValue() > 0.01, "same distribution");
    assertTrue(TwoSampleKs.of(a, shifted).pValue() < 1e-6, "shift by 0.3 sd");
    // the same samples always give the same p-value (ties are broken with a seeded jitter)
    double[] ties = {1, 1, 2, 2, 3, 3};
    double[] ties2 = {1, 2, 2, 3, 3, 3};
    assertEquals(TwoSampleKs.of(ties, ties2).pValue(), TwoSampleKs.of(ties, ties2).pValue());
  }

  @Test
  void referenceBinsAreTrainingQuantilesAndCategoricalCodes() {
    double[] v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, Double.NaN, Double.NaN};
    FeatureReference ref = FeatureReference.of("x", false, v, 5, 100, 1);
    // quintiles of 1..10 (lower value): 2, 4, 6, 8; bins (-inf,2] (2,4] (4,6] (6,8] (8,inf)
    assertArrayEquals(new double[] {2, 4, 6, 8}, ref.edges());
    assertArrayEquals(new long[] {2, 2, 2, 2, 2}, ref.counts());
    assertEquals(2 / 12.0, ref.missingRate(), 1e-12);
    assertEquals(10, ref.sample().length);
    // repeated values collapse quantiles: a count that is mostly 0
    FeatureReference zeros = FeatureReference.of("c", false, new double[] {0, 0, 0, 0, 0, 0, 0, 1, 2, 3}, 10, 100, 1);
    assertArrayEquals(new double[] {0, 1, 2}, zeros.edges());
    assertArrayEquals(new long[] {7, 1, 1, 1}, zeros.counts());
    assertEquals(3, FeatureReference.of("s", false, normal(new SplittableRandom(1), 10_000, 0), 10, 3, 1)
        .sample().length);

    FeatureReference cat = FeatureReference.of("k", true, new double[] {0, 0, 1, 2, Double.NaN}, 10, 100, 1);
    assertArrayEquals(new double[] {0, 1, 2}, cat.edges());
    assertArrayEquals(new long[] {2, 1, 1}, cat.counts());
    assertEquals(-1, FeatureReference.bin(cat.edges(), true, 7));
    // tonight: codes 0,1,2 = 1,1,1 and 3 leads with code 7, never seen in training; the unseen leads form an
    // extra bin with an (empty) floored reference share: (1/6 - .5)ln(.1667/.5)x1 ... computed by Psi itself
    FeatureDrift d = new CurrentDistribution(new long[] {1, 1, 1}, 3, 0, 6, new double[0]).against(cat, 2);
    assertEquals(Psi.of(new long[] {2, 1, 1, 0}, new long[] {1, 1, 1, 3}), d.psi(), 1e-12);
    assertEquals(3, d.unseenLevels());
    assertTrue(Double.isNaN(d.pValue()), "no KS for a categorical feature");
    assertEquals(0.2, d.referenceMissing(), 1e-12);
  }

  static double[] normal(SplittableRandom r, int n, double mean) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = mean + Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
    return out;
  }
}
