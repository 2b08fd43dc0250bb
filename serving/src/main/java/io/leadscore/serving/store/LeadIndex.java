package io.leadscore.serving.store;

import java.util.Arrays;

/**
 * Lead id -> row, by open addressing over an int array: a 1M-lead night needs one int[] of 2-4M slots beside its
 * ids, where a HashMap would box an entry, a key and an Integer per lead. As with a map's put, a later row of the
 * same id replaces the earlier one.
 */
final class LeadIndex {
  private final String[] ids;
  private final int[] slots;
  private final int mask;
  private final int shift;
  private final int distinct;

  /** Indexes the first {@code n} ids (the array is kept, not copied). */
  LeadIndex(String[] ids, int n) {
    this.ids = ids;
    int capacity = Integer.highestOneBit(Math.max(4, n) * 2 - 1) * 2;
    this.slots = new int[capacity];
    this.mask = capacity - 1;
    this.shift = 32 - Integer.numberOfTrailingZeros(capacity);
    Arrays.fill(slots, -1);
    int filled = 0;
    for (int row = 0; row < n; row++) {
      if (ids[row] != null) {
        int s = find(ids[row]);
        filled += slots[s] < 0 ? 1 : 0;
        slots[s] = row;
      }
    }
    this.distinct = filled;
  }

  /** How many distinct ids are indexed. */
  int distinct() {
    return distinct;
  }

  /** The row of {@code id}, or -1. */
  int row(String id) {
    return id == null ? -1 : slots[find(id)];
  }

  /** The slot that holds {@code id}, or the empty slot where it would go. */
  private int find(String id) {
    // Fibonacci hashing: ids like L0000005-7 have nearly consecutive String hashes, which in consecutive slots
    // made linear probing walk long runs (a third of a 1M-lead load); the multiply spreads them over the table
    int s = (id.hashCode() * 0x9E3779B9) >>> shift;
    while (slots[s] >= 0 && !ids[slots[s]].equals(id)) {
      s = (s + 1) & mask;
    }
    return s;
  }
}
