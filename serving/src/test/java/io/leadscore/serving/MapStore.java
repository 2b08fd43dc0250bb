package io.leadscore.serving;

import io.leadscore.serving.store.LeadScore;
import io.leadscore.serving.store.ModelRef;
import io.leadscore.serving.store.OnlineStore;
import io.leadscore.serving.store.StoredLead;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A hand-made online store for the HTTP tests: leads in a map, optionally slow (a remote store that lags). */
final class MapStore implements OnlineStore {
  static final LocalDate NIGHT = LocalDate.of(2026, 11, 24);
  final Map<String, StoredLead> leads = new ConcurrentHashMap<>();
  volatile long delayMillis;
  volatile boolean remote;
  /** Counted down when a lookup starts: a test knows a request is in the handler. */
  final java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);

  static LeadScore score(double p, String tier) {
    return new LeadScore(p, (int) Math.round(p * 100), tier, List.of("Visited the pricing page 3 times in the last "
        + "7 days"), "call today", new ModelRef("lead-score", "3", "champion"), NIGHT);
  }

  MapStore with(String id, double p, String tier, String blocked) {
    leads.put(id, new StoredLead(id, Map.of("page_views_7d", 3.0), NIGHT, score(p, tier), blocked));
    return this;
  }

  @Override
  public Optional<StoredLead> lead(String leadId) {
    entered.countDown();
    if (delayMillis > 0) {
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted");
      }
    }
    return Optional.ofNullable(leads.get(leadId));
  }

  @Override
  public boolean remote() {
    return remote;
  }

  @Override
  public String problem() {
    return null;
  }

  @Override
  public String describe() {
    return "map";
  }

  @Override
  public void close() {}
}
