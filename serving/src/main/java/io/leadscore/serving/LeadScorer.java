package io.leadscore.serving;

import io.leadscore.serving.store.LeadScore;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Scores one lead's feature row online with the live champion (or the challenger, by the batch's lead-hash rule).
 * The implementation is the models module's Spark-free scorer, shared with the batch; {@link #NONE} stands in
 * where no model can score online, and then a known lead answers its nightly score ({@code source: nightly}).
 */
public interface LeadScorer {
  /** The live champion's version (part of the cache key: a switch never answers from the old one), or "none". */
  String version();

  /** The score of {@code features} at {@code at}, or empty when no model scores online. */
  Optional<LeadScore> score(String leadId, Map<String, Object> features, Instant at);

  /**
   * As {@link #score(String, Map, Instant)} by the fit the night chose for a known lead ({@code night}: its
   * nightly score, null for a new lead), so that a static export's fold routing holds online too.
   */
  default Optional<LeadScore> score(String leadId, Map<String, Object> features, Instant at, LeadScore night) {
    return score(leadId, features, at);
  }

  LeadScorer NONE = new LeadScorer() {
    @Override
    public String version() {
      return "none";
    }

    @Override
    public Optional<LeadScore> score(String leadId, Map<String, Object> features, Instant at) {
      return Optional.empty();
    }
  };
}
