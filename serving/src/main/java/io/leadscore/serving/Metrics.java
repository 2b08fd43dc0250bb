package io.leadscore.serving;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The service's counters in Prometheus text format (version 0.0.4): requests by route and status, a request
 * latency histogram, cache hits and misses, fallbacks, answers by source, and the live model version.
 */
public final class Metrics {
  static final double[] BUCKETS_MS = {1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500};

  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> sources = new ConcurrentHashMap<>();
  private final LongAdder[] buckets = new LongAdder[BUCKETS_MS.length];
  private final LongAdder count = new LongAdder();
  private final java.util.concurrent.atomic.DoubleAdder sumSeconds = new java.util.concurrent.atomic.DoubleAdder();
  private final LongAdder cacheHits = new LongAdder();
  private final LongAdder cacheMisses = new LongAdder();
  private final LongAdder fallbacks = new LongAdder();
  private final LongAdder logDropped = new LongAdder();
  private volatile Supplier<String> modelVersion = () -> "none";

  public Metrics() {
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new LongAdder();
    }
  }

  void modelVersion(Supplier<String> version) {
    this.modelVersion = version;
  }

  void request(String route, int status, double ms) {
    requests.computeIfAbsent(route + "\u0000" + status, k -> new LongAdder()).increment();
    count.increment();
    sumSeconds.add(ms / 1000);
    for (int i = 0; i < BUCKETS_MS.length; i++) {
      if (ms <= BUCKETS_MS[i]) {
        buckets[i].increment();
      }
    }
  }

  void answered(String source) {
    sources.computeIfAbsent(source, k -> new LongAdder()).increment();
  }

  void cacheHit() {
    cacheHits.increment();
  }

  void cacheMiss() {
    cacheMisses.increment();
  }

  void fallback() {
    fallbacks.increment();
  }

  void logDropped(long n) {
    logDropped.add(n);
  }

  public long fallbacks() {
    return fallbacks.sum();
  }

  public long cacheHits() {
    return cacheHits.sum();
  }

  public String text() {
    StringBuilder b = new StringBuilder();
    b.append("# HELP leadscore_requests_total HTTP requests by route and status.\n");
    b.append("# TYPE leadscore_requests_total counter\n");
    new TreeMap<>(requests).forEach((k, v) -> {
      String[] p = k.split("\u0000");
      b.append("leadscore_requests_total{route=\"").append(p[0]).append("\",status=\"").append(p[1])
          .append("\"} ").append(v.sum()).append('\n');
    });
    b.append("# HELP leadscore_request_duration_seconds Request latency.\n");
    b.append("# TYPE leadscore_request_duration_seconds histogram\n");
    for (int i = 0; i < BUCKETS_MS.length; i++) {
      b.append("leadscore_request_duration_seconds_bucket{le=\"").append(BUCKETS_MS[i] / 1000).append("\"} ")
          .append(buckets[i].sum()).append('\n');
    }
    b.append("leadscore_request_duration_seconds_bucket{le=\"+Inf\"} ").append(count.sum()).append('\n');
    b.append("leadscore_request_duration_seconds_sum ").append(sumSeconds.sum()).append('\n');
    b.append("leadscore_request_duration_seconds_count ").append(count.sum()).append('\n');
    counter(b, "leadscore_cache_hits_total", "Answers served from the score cache.", cacheHits.sum());
    counter(b, "leadscore_cache_misses_total", "Leads not in the score cache.", cacheMisses.sum());
    counter(b, "leadscore_fallbacks_total", "Leads answered with the nightly score because the store missed the "
        + "deadline or failed.", fallbacks.sum());
    counter(b, "leadscore_prediction_log_dropped_total", "Answers the prediction log could not keep.",
        logDropped.sum());
    b.append("# HELP leadscore_scores_total Leads answered, by source.\n# TYPE leadscore_scores_total counter\n");
    new TreeMap<>(sources).forEach((k, v) -> b.append("leadscore_scores_total{source=\"").append(k).append("\"} ")
        .append(v.sum()).append('\n'));
    b.append("# HELP leadscore_model_info The live model version.\n# TYPE leadscore_model_info gauge\n");
    b.append("leadscore_model_info{version=\"").append(modelVersion.get().replace("\"", "")).append("\"} 1\n");
    return b.toString();
  }

  private static void counter(StringBuilder b, String name, String help, long value) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(" counter\n");
    b.append(name).append(' ').append(value).append('\n');
  }
}
