package io.leadscore.training.ensemble;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/** The logistic regression's Newton steps share the cores, and its result does not depend on how many there are. */
class LogisticFitTest {
  private static final int ROWS = 300_000; // several of the fit's fixed chunks of rows
  private static final int DIMS = 4;
  private static final double[] TRUE = {-1.0, 0.8, -0.5, 0.0, 1.2};

  private static double[] x;
  private static double[] y;

  private static synchronized void rows() {
    if (x != null) {
      return;
    }
    Random r = new Random(3);
    x = new double[ROWS * DIMS];
    y = new double[ROWS];
    for (int i = 0; i < ROWS; i++) {
      double m = TRUE[0];
      for (int j = 0; j < DIMS; j++) {
        x[i * DIMS + j] = r.nextGaussian();
        m += TRUE[j + 1] * x[i * DIMS + j];
      }
      y[i] = r.nextDouble() < 1 / (1 + Math.exp(-m)) ? 1 : 0;
    }
  }

  private static double[] fitOn(int threads) throws Exception {
    rows();
    ForkJoinPool pool = new ForkJoinPool(threads);
    try {
      // a parallel stream runs in the pool of the task that starts it
      return pool.submit(() -> LogisticFit.fit(ROWS, DIMS,
          (i, out) -> System.arraycopy(x, i * DIMS, out, 0, DIMS), y, null, 1.0)).get();
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void oneThreadAndFourGiveTheSameCoefficientsToTheLastBit() throws Exception {
    assertArrayEquals(fitOn(1), fitOn(4));
  }

  @Test
  void itRecoversTheCoefficientsThatMadeTheLabels() throws Exception {
    double[] b = fitOn(2);
    for (int k = 0; k < TRUE.length; k++) {
      assertEquals(TRUE[k], b[k], 0.03, "coefficient " + k);
    }
  }
}
