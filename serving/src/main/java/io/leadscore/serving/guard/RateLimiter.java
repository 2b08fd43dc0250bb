package io.leadscore.serving.guard;

import io.leadscore.serving.errors.ServingErrors;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** A token bucket per API key: {@code perSecond} tokens a second up to {@code burst}; one request takes one. */
public final class RateLimiter {
  private final double perNano;
  private final double burst;
  private final LongSupplier clock;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }
  }

  public RateLimiter(double perSecond, int burst, LongSupplier nanoClock) {
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.clock = nanoClock;
  }

  /** Takes a token for {@code key} or throws 429 with the whole seconds until one is there. */
  public void acquire(String key) {
    long now = clock.getAsLong();
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
    synchronized (b) {
      b.tokens = Math.min(burst, b.tokens + (now - b.at) * perNano);
      b.at = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return;
      }
      double waitNanos = (1 - b.tokens) / perNano;
      throw ServingErrors.rateLimited(Math.max(1, (long) Math.ceil(waitNanos / 1e9)));
    }
  }
}
