package io.leadscore.bench;

import io.leadscore.training.ensemble.LogisticFit;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;

/**
 * The stacked model's logistic regression ({@link LogisticFit}, five fits per training night) on a 1M-lead night's
 * size: N rows of D standardised inputs. It fits on one thread and on all cores in this process, each a few times
 * (the first is the coldest), and prints the times and the ratio; the coefficients must agree to the last bit.
 *
 * <p>{@code bench/run StackBench [--rows 2400000] [--inputs 41] [--repeat 3]}
 */
public final class StackBench {
  public static void main(String[] args) throws Exception {
    java.util.Map<String, String> a = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int n = Integer.parseInt(a.getOrDefault("rows", "2400000"));
    int d = Integer.parseInt(a.getOrDefault("inputs", "41"));
    int repeat = Integer.parseInt(a.getOrDefault("repeat", "3"));
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.println("StackBench: " + BenchSupport.machine());
    Random r = new Random(1);
    float[] x = new float[n * d];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double m = -2;
      for (int j = 0; j < d; j++) {
        x[i * d + j] = (float) r.nextGaussian();
        m += (j % 3 == 0 ? 0.3 : 0) * x[i * d + j];
      }
      y[i] = r.nextDouble() < 1 / (1 + Math.exp(-m)) ? 1 : 0;
    }
    double[] one = null;
    double[] all = null;
    double bestOne = Double.MAX_VALUE;
    double bestAll = Double.MAX_VALUE;
    for (int k = 1; k <= repeat; k++) {
      long t = System.nanoTime();
      one = fit(1, n, d, x, y);
      double s1 = (System.nanoTime() - t) / 1e9;
      t = System.nanoTime();
      all = fit(cores, n, d, x, y);
      double sa = (System.nanoTime() - t) / 1e9;
      bestOne = Math.min(bestOne, s1);
      bestAll = Math.min(bestAll, sa);
      System.out.printf(Locale.ROOT, "fit %d: %,d rows x %d inputs: 1 thread %.2f s, %d threads %.2f s%n", k, n, d, s1,
          cores, sa);
    }
    System.out.printf(Locale.ROOT, "best: 1 thread %.2f s, %d threads %.2f s = %.2fx; same coefficients: %s%n", bestOne,
        cores, bestAll, bestOne / bestAll, java.util.Arrays.equals(one, all));
  }

  private static double[] fit(int threads, int n, int d, float[] x, double[] y) throws Exception {
    ForkJoinPool pool = new ForkJoinPool(threads);
    try {
      return pool.submit(() -> LogisticFit.fit(n, d, (i, out) -> {
        for (int j = 0; j < d; j++) {
          out[j] = x[i * d + j];
        }
      }, y, null, 1.0)).get();
    } finally {
      pool.shutdown();
    }
  }
}
