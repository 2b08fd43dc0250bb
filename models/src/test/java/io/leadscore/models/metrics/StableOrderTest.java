package io.leadscore.models.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The metrics' primitive sort gives exactly the order a stable sort of boxed indices gives, ties included. */
class StableOrderTest {
  private static double[] scores(int n, long seed) {
    Random r = new Random(seed);
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      int kind = r.nextInt(20);
      // many ties (a model's scores repeat), and the values Double.compare orders specially
      s[i] = kind == 0 ? Double.NaN : kind == 1 ? -0.0 : kind == 2 ? 0.0 : r.nextInt(50) / 50.0;
    }
    return s;
  }

  private static int[] boxed(double[] s, boolean descending) {
    Integer[] order = new Integer[s.length];
    for (int i = 0; i < s.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> descending ? Double.compare(s[b], s[a]) : Double.compare(s[a], s[b]));
    return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
  }

  @Test
  void smallAndLargeInputsBothWaysMatchTheStableSortOfBoxedIndices() {
    for (int n : new int[] {0, 1, 2, 31, 33, 1000, 200_000}) {
      double[] s = scores(n, n);
      assertArrayEquals(boxed(s, true), StableOrder.of(n, (a, b) -> Double.compare(s[b], s[a])), "descending, n=" + n);
      assertArrayEquals(boxed(s, false), StableOrder.of(n, (a, b) -> Double.compare(s[a], s[b])), "ascending, n=" + n);
    }
  }

  @Test
  void equalScoresKeepTheirIndexOrder() {
    double[] s = {0.5, 0.9, 0.5, 0.9, 0.1, 0.5};
    assertArrayEquals(new int[] {1, 3, 0, 2, 5, 4}, StableOrder.of(s.length, (a, b) -> Double.compare(s[b], s[a])));
  }
}
