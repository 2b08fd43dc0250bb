package io.leadscore.serving.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ScoreCacheTest {
  private final AtomicLong now = new AtomicLong();

  private ScoreCache<String> cache(int maxEntries) {
    return new ScoreCache<>(Duration.ofMinutes(5), maxEntries, now::get);
  }

  @Test
  void neverHoldsMoreThanItsBound() {
    ScoreCache<String> c = cache(10);
    for (int i = 0; i < 1000; i++) {
      c.put("k" + i, "v" + i);
      assertTrue(c.size() <= 10, "size " + c.size() + " after " + (i + 1) + " puts");
    }
  }

  /** A full cache drops its older half, not everything: the latest answers stay hits whenever it fills. */
  @Test
  void aFullCacheKeepsItsLatestHalf() {
    for (int puts = 1; puts <= 60; puts++) {
      ScoreCache<String> c = cache(10);
      for (int i = 0; i < puts; i++) {
        c.put("k" + i, "v" + i);
      }
      for (int i = Math.max(0, puts - 5); i < puts; i++) {
        assertEquals("v" + i, c.get("k" + i), "k" + i + " after " + puts + " puts");
      }
    }
  }

  /** An entry asked for again is kept when the older half goes: a lead asked often stays cached. */
  @Test
  void anEntryAskedForOutlivesItsHalf() {
    ScoreCache<String> c = cache(4);
    c.put("a", "A");
    c.put("b", "B");
    c.put("c", "C");
    assertEquals("A", c.get("a"));
    c.put("d", "D");
    c.put("e", "E");
    assertEquals("A", c.get("a"));
    assertNull(c.get("b"), "b was never asked for again and its half was dropped");
  }

  @Test
  void anExpiredEntryMisses() {
    ScoreCache<String> c = cache(10);
    c.put("a", "A");
    now.addAndGet(Duration.ofMinutes(5).toNanos());
    assertEquals("A", c.get("a"), "still within its ttl");
    now.addAndGet(1);
    assertNull(c.get("a"));
    assertEquals(0, c.size(), "an expired entry found is removed");
  }

  @Test
  void noEntriesMeansNoCache() {
    ScoreCache<String> c = cache(0);
    c.put("a", "A");
    assertNull(c.get("a"));
    assertEquals(0, c.size());
  }
}
