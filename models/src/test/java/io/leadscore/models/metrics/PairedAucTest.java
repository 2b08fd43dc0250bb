package io.leadscore.models.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PairedAucTest {
  @Test
  void aucsMatchTheRankSumAucAndTheStandardErrorMatchesAPairedBootstrap() {
    Random r = new Random(1);
    int n = 1500;
    double[] a = new double[n];
    double[] b = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double latent = r.nextGaussian();
      y[i] = latent + r.nextGaussian() > 1 ? 1 : 0;
      a[i] = Math.round((latent + r.nextGaussian()) * 4) / 4.0; // ties, as tree models produce
      b[i] = latent + 0.8 * r.nextGaussian();
    }
    PairedAuc p = PairedAuc.of(a, b, y);
    assertEquals(BinaryMetrics.of(a, y).auc(), p.aucA(), 1e-12);
    assertEquals(BinaryMetrics.of(b, y).auc(), p.aucB(), 1e-12);

    // the paired bootstrap of the AUC difference: resample rows, both models together
    Random boot = new Random(2);
    int reps = 300;
    double[] diffs = new double[reps];
    for (int k = 0; k < reps; k++) {
      double[] ra = new double[n];
      double[] rb = new double[n];
      double[] ry = new double[n];
      for (int i = 0; i < n; i++) {
        int j = boot.nextInt(n);
        ra[i] = a[j];
        rb[i] = b[j];
        ry[i] = y[j];
      }
      diffs[k] = BinaryMetrics.of(rb, ry).auc() - BinaryMetrics.of(ra, ry).auc();
    }
    double mean = java.util.Arrays.stream(diffs).average().orElseThrow();
    double sd = Math.sqrt(java.util.Arrays.stream(diffs).map(d -> (d - mean) * (d - mean)).sum() / (reps - 1));
    assertEquals(sd, p.standardError(), 0.2 * sd, "DeLong SE " + p.standardError() + " vs bootstrap " + sd);
    assertTrue(p.lower(0.95) < p.gain() && p.gain() < p.upper(0.95));
  }

  @Test
  void identicalModelsHaveNoGainAndNoSpread() {
    double[] s = {0.1, 0.4, 0.35, 0.8, 0.7, 0.2};
    double[] y = {0, 0, 1, 1, 1, 0};
    PairedAuc p = PairedAuc.of(s, s, y);
    assertEquals(0.0, p.gain(), 0.0);
    assertEquals(0.0, p.standardError(), 1e-12);
  }
}
