package io.leadscore.serving;

import io.leadscore.models.online.OnlineScorer;
import io.leadscore.models.score.TierRule;
import io.leadscore.serving.store.LeadScore;
import io.leadscore.serving.store.ModelRef;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live champion as a {@link LeadScorer}: the models module's Spark-free {@link OnlineScorer} with the night's
 * tier rule. A new champion is swapped in as one immutable reference ({@link RegistryWatcher}), so a request is
 * scored wholly by the old or the new model and its answer names the version that scored it.
 */
public final class ChampionScorer implements LeadScorer {
  /** One loaded champion: the scorer, its version and the night's tier cut-offs and date. */
  public record Live(OnlineScorer scorer, String version, TierRule tiers, LocalDate scoreDate) {}

  private final AtomicReference<Live> live;

  public ChampionScorer(Live first) {
    this.live = new AtomicReference<>(first);
  }

  /** Replaces the live champion (null: none, known leads answer their nightly score); the old one is left to
   *  requests in flight (its boosters are freed by GC). */
  public void swap(Live next) {
    live.set(next);
  }

  public Live live() {
    return live.get();
  }

  @Override
  public String version() {
    Live l = live.get();
    return l == null ? LeadScorer.NONE.version() : l.version();
  }

  @Override
  public Optional<LeadScore> score(String leadId, Map<String, Object> features, Instant at) {
    return score(leadId, features, at, null);
  }

  @Override
  public Optional<LeadScore> score(String leadId, Map<String, Object> features, Instant at, LeadScore night) {
    Live l = live.get();
    if (l == null) {
      return Optional.empty();
    }
    // the night's fit (a static export's fold model) only while the night's version is still the one scoring
    String route = night == null || night.route() == null ? null : night.route();
    OnlineScorer.Score s = l.scorer().score(leadId, withNulls(features, l.scorer().model(leadId).features()),
        l.tiers(), route != null
        && night.model().version().equals(l.scorer().versions().get(night.model().arm())) ? route : null);
    ModelRef m = new ModelRef(s.model().name(), s.model().version(), s.model().arm());
    return Optional.of(new LeadScore(s.probability(), s.score(), s.tier(), s.reasons(), s.nextBestAction(), m,
        l.scoreDate(), s.model().route()));
  }

  /** The store leaves a row's nulls out: an input absent from it is missing (null), as in the features table. */
  private static Map<String, Object> withNulls(Map<String, Object> features, java.util.List<String> inputs) {
    if (features.keySet().containsAll(inputs)) {
      return features;
    }
    Map<String, Object> row = new java.util.HashMap<>(features);
    inputs.forEach(f -> row.putIfAbsent(f, null));
    return row;
  }
}
