package io.leadscore.models.metrics;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntBinaryOperator;

/**
 * Indices 0..n-1 in a comparator's order, equal ones kept in index order: the order {@code Arrays.sort} gives an
 * {@code Integer[]} (a stable merge sort), on plain ints. Boxed indices sorted through a comparator were most of a
 * metric's cost on a 1M-lead night's 2.4M rows (computed a dozen times a training night). Large inputs sort their
 * halves on the common pool's threads; the result is the same, as a stable order is unique.
 */
final class StableOrder {
  private static final int INSERTION = 32;
  private static final int PARALLEL = 1 << 16;

  private StableOrder() {}

  /** @param cmp compares two indices: negative when the first comes before the second */
  static int[] of(int n, IntBinaryOperator cmp) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    int[] buffer = new int[n];
    if (n > PARALLEL) {
      ForkJoinPool.commonPool().invoke(new Sort(order, buffer, 0, n, cmp));
    } else {
      sort(order, buffer, 0, n, cmp);
    }
    return order;
  }

  private static final class Sort extends RecursiveAction {
    private final int[] a;
    private final int[] tmp;
    private final int from;
    private final int to;
    private final IntBinaryOperator cmp;

    Sort(int[] a, int[] tmp, int from, int to, IntBinaryOperator cmp) {
      this.a = a;
      this.tmp = tmp;
      this.from = from;
      this.to = to;
      this.cmp = cmp;
    }

    @Override
    protected void compute() {
      if (to - from <= PARALLEL) {
        sort(a, tmp, from, to, cmp);
        return;
      }
      int mid = (from + to) >>> 1;
      invokeAll(new Sort(a, tmp, from, mid, cmp), new Sort(a, tmp, mid, to, cmp));
      merge(a, tmp, from, mid, to, cmp);
    }
  }

  private static void sort(int[] a, int[] tmp, int from, int to, IntBinaryOperator cmp) {
    if (to - from <= INSERTION) {
      for (int i = from + 1; i < to; i++) {
        int v = a[i];
        int j = i - 1;
        while (j >= from && cmp.applyAsInt(v, a[j]) < 0) { // strictly before: equal ones keep their order
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = v;
      }
      return;
    }
    int mid = (from + to) >>> 1;
    sort(a, tmp, from, mid, cmp);
    sort(a, tmp, mid, to, cmp);
    merge(a, tmp, from, mid, to, cmp);
  }

  private static void merge(int[] a, int[] tmp, int from, int mid, int to, IntBinaryOperator cmp) {
    if (cmp.applyAsInt(a[mid], a[mid - 1]) >= 0) {
      return; // already in order
    }
    System.arraycopy(a, from, tmp, from, to - from);
    int i = from;
    int j = mid;
    for (int k = from; k < to; k++) {
      // the right one goes first only when strictly before the left one: stability
      if (i < mid && (j >= to || cmp.applyAsInt(tmp[j], tmp[i]) >= 0)) {
        a[k] = tmp[i++];
      } else {
        a[k] = tmp[j++];
      }
    }
  }
}
