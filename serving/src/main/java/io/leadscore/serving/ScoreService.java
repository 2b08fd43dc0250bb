package io.leadscore.serving;

import io.leadscore.serving.errors.ServingException;
import io.leadscore.serving.errors.ServingErrors;
import static io.leadscore.core.Columns.CREATED_AT;
import static io.leadscore.core.Columns.LEAD_ID;

import io.leadscore.serving.guard.FieldRules;
import io.leadscore.serving.guard.ScoreCache;
import io.leadscore.serving.store.LeadScore;
import io.leadscore.serving.store.OnlineStore;
import io.leadscore.serving.store.StoredLead;
import java.time.Clock;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.gold.LeadFeatures;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Scores the leads of one request (no HTTP here). Order of checks: every lead's fields against ingestion's rules
 * (400), then one store lookup for all ids under the request's deadline, then per lead: unknown (404), opted out
 * (403), cached, scored online, or the night's score. A lookup that misses the deadline or fails answers every
 * known lead with its nightly score from {@code fallback}, marked {@code fallback}.
 */
public final class ScoreService {
  /**
   * One lead of a request: its id, its raw fields, or both.
   *
   * @param asOf the time a new lead's time-dependent features are computed for (null: the request's time); a
   *             night D is its midnight UTC, so {@code as_of} D reproduces night D's features
   */
  public record LeadRequest(String leadId, Map<String, Object> fields, Instant asOf) {
    public LeadRequest(String leadId, Map<String, Object> fields) {
      this(leadId, fields, null);
    }
  }

  private final OnlineStore store;
  private final Function<String, LeadScore> fallback;
  private final LeadScorer scorer;
  private final FieldRules rules;
  private final ScoreCache<ScoreAnswer> cache;
  private final ExecutorService lookups;
  private final Metrics metrics;
  private final Clock clock;
  private final long deadlineNanos;
  private final FeatureCatalog catalog = FeatureCatalog.standard();

  public ScoreService(ServingParts parts, long deadlineNanos, Clock clock) {
    this.store = parts.store();
    this.fallback = parts.fallback();
    this.scorer = parts.scorer();
    this.rules = parts.rules();
    this.cache = parts.cache();
    this.lookups = parts.lookups();
    this.metrics = parts.metrics();
    this.deadlineNanos = deadlineNanos;
    this.clock = clock;
  }

  /** The answers in request order; a {@link ServingException} (with its HTTP status) for the whole request. */
  public List<ScoreAnswer> score(List<LeadRequest> leads, long startNanos) {
    List<Map<String, Object>> fields = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < leads.size(); i++) {
      LeadRequest r = leads.get(i);
      if (r.leadId() == null && (r.fields() == null || r.fields().isEmpty())) {
        throw ServingErrors.badRequest("leads[%d] has neither lead_id nor fields: give one or both", i);
      }
      fields.add(r.fields() == null ? Map.of() : rules.check(i, r.fields()));
      if (r.leadId() != null) {
        ids.add(r.leadId());
      }
    }
    Instant now = clock.instant();
    String version = scorer.version();
    Map<String, StoredLead> known = null;
    boolean lookedUp = false;
    List<ScoreAnswer> out = new ArrayList<>(leads.size());
    for (int i = 0; i < leads.size(); i++) {
      String id = leads.get(i).leadId();
      Instant asOf = leads.get(i).asOf();
      String key = ScoreCache.key(String.valueOf(id), digest(fields.get(i)) + (asOf == null ? "" : "@" + asOf),
          version);
      ScoreAnswer hit = cache.get(key);
      if (hit != null) {
        metrics.cacheHit();
        out.add(hit);
        continue;
      }
      metrics.cacheMiss();
      if (!lookedUp) {
        known = lookup(ids, startNanos);
        lookedUp = true;
      }
      ScoreAnswer a = answer(i, id, fields.get(i), known, asOf == null ? now : asOf);
      if (!a.source().equals(ScoreAnswer.FALLBACK)) {
        cache.put(key, a);
      }
      out.add(a);
    }
    return out;
  }

  private ScoreAnswer answer(int i, String id, Map<String, Object> fields, Map<String, StoredLead> known,
                             Instant now) {
    if (id == null) {
      return scoreNew(i, null, fields, now);
    }
    if (known == null) {
      LeadScore night = fallback.apply(id);
      if (night == null) {
        throw ServingErrors.unavailable(String.format("the online store (%s) did not answer within the deadline "
            + "and the nightly holds no score for leads[%d] (%s): retry later", store.describe(), i, id));
      }
      metrics.fallback();
      return new ScoreAnswer(id, night, night.scoreDate(), ScoreAnswer.FALLBACK, 0);
    }
    StoredLead lead = known.get(id);
    if (lead == null) {
      if (!fields.isEmpty()) {
        return scoreNew(i, id, fields, now);
      }
      throw ServingErrors.unknownLead(i, id);
    }
    if (lead.blocked() != null) {
      throw ServingErrors.optedOut(i, id, lead.blocked());
    }
    Map<String, Object> row = new HashMap<>(lead.features());
    row.putAll(fields);
    Optional<LeadScore> online;
    try {
      online = scorer.score(id, row, now, lead.nightly());
    } catch (io.leadscore.models.ModelsException e) {
      // inputs the model cannot read (a posted value of the wrong kind): the night's score, never a 500
      if (lead.nightly() == null) {
        throw ServingErrors.badRequest("leads[%d] (%s) cannot be scored online: %s", i, id, e.getMessage());
      }
      metrics.fallback();
      return new ScoreAnswer(id, lead.nightly(), lead.featureDate(), ScoreAnswer.FALLBACK, 0);
    }
    if (online.isPresent()) {
      return new ScoreAnswer(id, online.get(), lead.featureDate(), ScoreAnswer.ONLINE, 0);
    }
    if (lead.nightly() == null) {
      throw ServingErrors.unavailable(String.format("leads[%d] (%s) has features but no nightly score and no "
          + "online model is loaded: retry after the next nightly", i, id));
    }
    return new ScoreAnswer(id, lead.nightly(), lead.featureDate(), ScoreAnswer.NIGHTLY, 0);
  }

  private ScoreAnswer scoreNew(int i, String leadId, Map<String, Object> posted, Instant now) {
    Object id = leadId != null ? leadId : posted.get(LEAD_ID);
    Map<String, Object> fields = posted;
    if (!fields.containsKey(CREATED_AT)) {
      // a lead posted without its creation time arrives now
      fields = new HashMap<>(posted);
      fields.put(CREATED_AT, now);
    }
    Optional<LeadScore> online;
    try {
      // the batch's own feature definitions over the lead's fields, at the request's time (or its as_of)
      Map<String, Object> row = new HashMap<>(LeadFeatures.row(fields, now, catalog, store.segments()));
      online = scorer.score(id == null ? null : id.toString(), row, now);
    } catch (io.leadscore.models.ModelsException e) {
      throw ServingErrors.badRequest("leads[%d] cannot be scored from its fields: %s", i, e.getMessage());
    }
    if (online.isEmpty()) {
      throw ServingErrors.unavailable(String.format("leads[%d] is not in the last nightly and no online model is "
          + "loaded to score its fields", i));
    }
    return new ScoreAnswer(id == null ? null : id.toString(), online.get(),
        LocalDate.ofInstant(now, java.time.ZoneOffset.UTC), ScoreAnswer.ONLINE, 0);
  }

  /** The known leads among {@code ids}, or null when the store failed or missed the deadline. */
  private Map<String, StoredLead> lookup(List<String> ids, long startNanos) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    if (!store.remote()) {
      return store.leads(ids);
    }
    long left = deadlineNanos - (System.nanoTime() - startNanos);
    if (left <= 0) {
      return null;
    }
    CompletableFuture<Map<String, StoredLead>> f = CompletableFuture.supplyAsync(() -> store.leads(ids), lookups);
    try {
      return f.get(left, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      f.cancel(true);
      return null;
    }
  }

  /** The input part of the cache key: the posted fields in a stable order (no PII left in them). */
  private static String digest(Map<String, Object> fields) {
    return fields.isEmpty() ? "" : new java.util.TreeMap<>(fields).toString();
  }

  public LeadScorer scorer() {
    return scorer;
  }

  public OnlineStore store() {
    return store;
  }
}
