package io.leadscore.serving.store;

import java.util.Optional;

/**
 * Where the service finds a lead's features and nightly score: in memory ({@link EmbeddedStore}) or in a Redis
 * shared by several instances ({@link RedisStore}). A lookup that fails throws; the caller answers with the
 * fallback.
 */
public interface OnlineStore extends AutoCloseable {
  /** The lead, or empty when the last nightly does not know it (new, closed or erased). */
  Optional<StoredLead> lead(String leadId);

  /** Several leads at once (one round trip where the store allows it); unknown ones are absent. */
  default java.util.Map<String, StoredLead> leads(java.util.Collection<String> ids) {
    java.util.Map<String, StoredLead> out = new java.util.HashMap<>();
    for (String id : ids) {
      lead(id).ifPresent(l -> out.put(id, l));
    }
    return out;
  }

  /**
   * The night's segment features (industry and country) a new lead's fields are looked up in; none by default
   * (Redis holds leads only: a new lead's segment features are then missing).
   */
  default io.leadscore.features.gold.LeadFeatures.Segments segments() {
    return io.leadscore.features.gold.LeadFeatures.Segments.NONE;
  }

  /** True when a lookup can block on the network (then it runs under the request's deadline). */
  boolean remote();

  /** Null when the store answers; else what is wrong (readyz says degraded). */
  String problem();

  /** "embedded" or "redis host:port", for readyz and the log. */
  String describe();

  @Override
  void close();
}
