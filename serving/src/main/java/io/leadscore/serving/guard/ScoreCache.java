package io.leadscore.serving.guard;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Recent answers, keyed by lead, a digest of the request's input and the model version (a new champion never
 * answers from the old one's entries), each kept {@code ttl}. Bounded in two halves: new answers go to the young
 * half; when it holds half the bound, it becomes the old half and the previous old half is dropped whole. An entry
 * found in the old half moves back to the young one, so a lead asked for often stays. A cache, not a store: a miss
 * only costs a score.
 *
 * <p>Why halves: before, a full cache scanned every entry for expired ones on the request's thread and then, when
 * none had expired (at 500 new leads a second, 100,000 entries fill in 200 s, before the 5 minute ttl), dropped
 * them all, so the next calls missed even for leads asked for a moment ago.
 */
public final class ScoreCache<V> {
  private record Entry<V>(V value, long expires) {}

  private final long ttlNanos;
  private final int maxEntries;
  private final int half;
  private final LongSupplier clock;
  private volatile Map<String, Entry<V>> young = new ConcurrentHashMap<>();
  private volatile Map<String, Entry<V>> old = new ConcurrentHashMap<>();

  public ScoreCache(java.time.Duration ttl, int maxEntries, LongSupplier nanoClock) {
    this.ttlNanos = ttl.toNanos();
    this.maxEntries = maxEntries;
    this.half = Math.max(1, maxEntries / 2);
    this.clock = nanoClock;
  }

  public static String key(String leadId, String inputDigest, String modelVersion) {
    return leadId + '\u0000' + inputDigest + '\u0000' + modelVersion;
  }

  public V get(String key) {
    Map<String, Entry<V>> y = young;
    Entry<V> e = y.get(key);
    boolean inOld = false;
    if (e == null) {
      e = old.get(key);
      inOld = true;
    }
    if (e == null) {
      return null;
    }
    if (clock.getAsLong() - e.expires() > 0) {
      young.remove(key, e);
      old.remove(key, e);
      return null;
    }
    if (inOld) {
      // asked for again: kept when its half goes (with its own expiry: the ttl bounds how old an answer may be)
      add(key, e);
    }
    return e.value();
  }

  public void put(String key, V value) {
    if (maxEntries == 0) {
      return;
    }
    add(key, new Entry<>(value, clock.getAsLong() + ttlNanos));
  }

  private void add(String key, Entry<V> e) {
    Map<String, Entry<V>> y = young;
    if (y.size() >= half && !y.containsKey(key)) {
      synchronized (this) {
        if (young == y) {
          // a bound of 1 has no room for an old half
          old = maxEntries >= 2 * half ? y : new ConcurrentHashMap<>();
          young = new ConcurrentHashMap<>();
        }
      }
      y = young;
    }
    y.put(key, e);
  }

  /** Entries held (an entry moved back from the old half to the young one counts once per half). */
  public int size() {
    return young.size() + old.size();
  }
}
