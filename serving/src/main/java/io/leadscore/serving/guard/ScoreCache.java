package io.leadscore.serving.guard;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Recent answers, keyed by lead, a digest of the request's input and the model version (a new champion never
 * answers from the old one's entries), each kept {@code ttl}. Bounded: when full, expired entries go first,
 * then everything (a cache, not a store: a miss only costs a score).
 */
public final class ScoreCache<V> {
  private record Entry<V>(V value, long expires) {}

  private final long ttlNanos;
  private final int maxEntries;
  private final LongSupplier clock;
  private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();

  public ScoreCache(java.time.Duration ttl, int maxEntries, LongSupplier nanoClock) {
    this.ttlNanos = ttl.toNanos();
    this.maxEntries = maxEntries;
    this.clock = nanoClock;
  }

  public static String key(String leadId, String inputDigest, String modelVersion) {
    return leadId + '\u0000' + inputDigest + '\u0000' + modelVersion;
  }

  public V get(String key) {
    Entry<V> e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (clock.getAsLong() - e.expires() > 0) {
      entries.remove(key, e);
      return null;
    }
    return e.value();
  }

  public void put(String key, V value) {
    if (maxEntries == 0) {
      return;
    }
    if (entries.size() >= maxEntries) {
      long now = clock.getAsLong();
      entries.values().removeIf(e -> now - e.expires() > 0);
      if (entries.size() >= maxEntries) {
        entries.clear();
      }
    }
    entries.put(key, new Entry<>(value, clock.getAsLong() + ttlNanos));
  }

  public int size() {
    return entries.size();
  }
}
