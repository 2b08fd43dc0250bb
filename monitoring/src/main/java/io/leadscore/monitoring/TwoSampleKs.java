package io.leadscore.monitoring;

import java.util.Arrays;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * The two-sample Kolmogorov-Smirnov test (Apache Commons Math): the largest distance between the two
 * empirical distribution functions, and its p-value (exact for small samples, asymptotic for large ones).
 * Commons Math breaks ties in small samples with random jitter: the generator is seeded here, so the same
 * samples always give the same p-value.
 */
public final class TwoSampleKs {
  /** statistic D in [0, 1], p-value in [0, 1]; both NaN when a side is empty. */
  public record Result(double statistic, double pValue) {}

  private TwoSampleKs() {}

  public static Result of(double[] reference, double[] current) {
    if (reference.length == 0 || current.length == 0) {
      return new Result(Double.NaN, Double.NaN);
    }
    // copies: the tie-breaking jitter must not touch the caller's arrays
    double[] x = Arrays.copyOf(reference, reference.length);
    double[] y = Arrays.copyOf(current, current.length);
    KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest(new Well19937c(20_261_124L));
    double d = ks.kolmogorovSmirnovStatistic(x, y);
    // strict = false: the p-value is P(D >= d), the observed statistic included (Commons' default, strict, is
    // P(D > d), which understates the p-value of small samples; large samples use the asymptotic law either way)
    double p = ks.kolmogorovSmirnovTest(x, y, false);
    return new Result(d, Math.min(1, Math.max(0, p)));
  }
}
