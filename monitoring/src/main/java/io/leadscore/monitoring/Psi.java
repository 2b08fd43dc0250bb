package io.leadscore.monitoring;

/**
 * Population stability index: {@code sum over bins of (a - e) * ln(a / e)}, with {@code e} and {@code a}
 * the reference's and today's shares of each bin. Both counts must use the same bins. A bin empty on one side
 * would make the term infinite, so shares are floored at {@link #FLOOR} (the common practice; it caps one
 * empty bin's term at about 0.07 for a 10% bin instead of infinity).
 */
public final class Psi {
  public static final double FLOOR = 1e-4;

  private Psi() {}

  /** PSI of {@code actual} against {@code expected}; NaN when either side has no observation at all. */
  public static double of(long[] expected, long[] actual) {
    if (expected.length != actual.length) {
      // guard: the monitor bins the night on the reference's own edges
      throw new IllegalArgumentException("PSI needs the same bins: " + expected.length + " vs " + actual.length);
    }
    double te = 0;
    double ta = 0;
    for (int i = 0; i < expected.length; i++) {
      te += expected[i];
      ta += actual[i];
    }
    if (te == 0 || ta == 0) {
      return Double.NaN;
    }
    double psi = 0;
    for (int i = 0; i < expected.length; i++) {
      double e = Math.max(FLOOR, expected[i] / te);
      double a = Math.max(FLOOR, actual[i] / ta);
      psi += (a - e) * Math.log(a / e);
    }
    return psi;
  }
}
