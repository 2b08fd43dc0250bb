package io.leadscore.training.xgb;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.LeadscoreException;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.training.TrainingSettings;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Negative downsampling with weights, in plain Java: fewer rows, the same weighted base rate. */
class NegativeSamplingTest {
  /** n rows, one column, a share {@code rate} of them positive; every other field filled as training fills it. */
  static Rows rows(int n, double rate, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n];
    float[] y = new float[n];
    int[] fold = new int[n];
    boolean[] valid = new boolean[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
      y[i] = r.nextDouble() < rate ? 1f : 0f;
      fold[i] = i % 3;
      valid[i] = i % 10 == 0;
    }
    return new Rows(x, n, 1, y, new double[n], fold, valid);
  }

  @Test
  void weightsRestoreTheBaseRate() {
    Rows all = rows(200_000, 0.04, 1);
    double base = all.positives() / (double) all.rows();
    Rows sampled = new NegativeSampling(0.1, 7).apply(all);
    assertEquals(all.positives(), sampled.positives(), "every positive is kept");
    // about 4% + 96% x 0.1 of the rows
    assertEquals(0.136, sampled.rows() / (double) all.rows(), 0.005);
    double unweighted = sampled.positives() / (double) sampled.rows();
    assertTrue(unweighted > 0.25, "unweighted, the sample's base rate is far off: " + unweighted);
    assertEquals(base, NegativeSampling.weightedBaseRate(sampled), 0.002, "weighted, it is the full rows' rate");
    for (int i = 0; i < sampled.rows(); i++) {
      assertEquals(sampled.label()[i] == 1f ? 1f : 10f, sampled.weightOf(i), 1e-6f);
    }
  }

  @Test
  void theSampleIsStableAndCarriesEveryFieldOfItsRows() {
    Rows all = rows(1000, 0.1, 2);
    Rows a = new NegativeSampling(0.5, 7).apply(all);
    Rows b = new NegativeSampling(0.5, 7).apply(all);
    assertArrayEquals(a.x(), b.x(), "same rows, same seed: same sample");
    for (int i = 0; i < a.rows(); i++) {
      int source = (int) a.x()[i];
      assertEquals(all.label()[source], a.label()[i]);
      assertEquals(all.fold()[source], a.fold()[i]);
      assertEquals(all.validation()[source], a.validation()[i]);
    }
    // weights survive the splits CV makes, and a concatenation with unweighted rows weighs those 1
    Rows fold = a.foldOut(0).validationSplit(false);
    assertEquals(NegativeSampling.weightedBaseRate(fold), NegativeSampling.weightedBaseRate(fold.select(
        new boolean[fold.rows()]).concat(fold)), 1e-12);
    Rows mixed = a.concat(all);
    assertEquals(1f, mixed.weightOf(a.rows()), 0f);
    assertSame(all, new NegativeSampling(1, 7).apply(all), "rate 1 is off");
  }

  @Test
  void theRateIsValidated() {
    LeadscoreException e = assertThrows(LeadscoreException.class, () -> TrainingSettings.from(
        LeadscoreConfig.defaults(Map.of("leadscore.training.negative_sample_rate", "0"))));
    assertTrue(e.getMessage().startsWith("'leadscore.training.negative_sample_rate' is 0.0 but must be in (0, 1]"),
        e.getMessage());
    e = assertThrows(LeadscoreException.class, () -> TrainingSettings.from(LeadscoreConfig.defaults(Map.of(
        "leadscore.training.negative_sample_rate", "0.5", "leadscore.training.engine", "distributed"))));
    assertTrue(e.getMessage().contains("the distributed engine does not sample"), e.getMessage());
    assertEquals(1.0, TrainingSettings.from(LeadscoreConfig.defaults(Map.of())).fit().negativeSampleRate(), "off by default");
    assertEquals(0.25, TrainingSettings.from(LeadscoreConfig.defaults(Map.of(
        "leadscore.training.negative_sample_rate", "0.25"))).fit().negativeSampleRate());
  }
}
