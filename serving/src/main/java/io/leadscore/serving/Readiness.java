package io.leadscore.serving;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadscore.serving.store.OnlineStore;
import java.time.LocalDate;
import java.util.function.Supplier;

/**
 * What {@code GET /readyz} says: {@code ready} (features loaded, store answering), {@code degraded} (the store
 * does not answer: known leads get their nightly score as {@code fallback}; HTTP 200 so that a load balancer keeps
 * an instance that still answers), or {@code not_ready} (no night loaded at all; HTTP 503).
 */
public final class Readiness {
  private final OnlineStore store;
  private final LeadScorer scorer;
  private final Supplier<LocalDate> featureDate;
  private final boolean fallbackLoaded;

  public Readiness(OnlineStore store, LeadScorer scorer, Supplier<LocalDate> featureDate, boolean fallbackLoaded) {
    this.store = store;
    this.scorer = scorer;
    this.featureDate = featureDate;
    this.fallbackLoaded = fallbackLoaded;
  }

  public ObjectNode state() {
    ObjectNode n = Json.MAPPER.createObjectNode();
    String problem = store.problem();
    LocalDate date = featureDate.get();
    String status = problem == null && date != null ? "ready" : fallbackLoaded ? "degraded" : "not_ready";
    n.put("status", status);
    n.put("store", store.describe());
    if (problem != null) {
      n.put("problem", problem);
    }
    n.put("feature_date", date == null ? null : date.toString());
    n.put("model_version", scorer.version());
    return n;
  }
}
