package io.leadscore.serving;

import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.models.registry.ModelCard;
import io.leadscore.models.registry.ModelRegistry;
import io.leadscore.models.score.OnlineScorer;
import io.leadscore.models.score.ReasonSettings;
import io.leadscore.models.score.TierSettings;
import io.leadscore.serving.store.Lakehouse;
import java.util.Optional;

/**
 * Loads the live champion as the batch would score tonight: the registry's champion (and challenger, for the
 * batch's share by the same lead-hash rule), each under its contract with today's catalogue, the batch's reason
 * settings, and the night's tier rule ({@link TierSettings#rule} over the probabilities of the latest night's
 * {@code lead_scores}). {@link #key} is what the live champion depends on, so a watcher reloads only when it moved.
 */
public final class ChampionLoader {
  /**
   * The batch's scoring settings the service needs ({@code leadscore.scoring}: tiers, reasons, challenger share,
   * out-of-fold routing) and where the registry is.
   */
  public record Settings(String modelsDir, FeatureCatalog catalog, ReasonSettings reasons, TierSettings tiers,
                         double challengerShare, boolean outOfFold) {}

  private final Settings settings;
  private final Lakehouse lakehouse;

  public ChampionLoader(Settings settings, Lakehouse lakehouse) {
    this.settings = settings;
    this.lakehouse = lakehouse;
  }

  /**
   * The champion's and challenger's versions and the version of {@code lead_scores} (whose latest night gives
   * the tier rule): a different key means a different live champion. Reads the registry's state file.
   */
  public String key() {
    ModelRegistry r = ModelRegistry.local(settings.modelsDir());
    Optional<ModelCard> champion = r.champion();
    String challenger = settings.challengerShare() > 0
        ? r.challenger().map(c -> String.valueOf(c.version())).orElse("-") : "-";
    return "champion=" + champion.map(c -> String.valueOf(c.version())).orElse("-") + " challenger=" + challenger
        + " lead_scores=" + lakehouse.scoresVersion();
  }

  /**
   * The live champion, or empty when there is none to load yet (no champion registered, or in rank mode no
   * night scored to take the tier cut-offs from): then known leads answer their nightly score.
   */
  public Optional<ChampionScorer.Live> load() {
    ModelRegistry r = ModelRegistry.local(settings.modelsDir());
    if (r.champion().isEmpty()) {
      return Optional.empty();
    }
    Lakehouse.NightScores night = lakehouse.nightScores();
    if (night == null && settings.tiers().mode() == TierSettings.Mode.RANK) {
      return Optional.empty();
    }
    OnlineScorer scorer = OnlineScorer.load(settings.modelsDir(), settings.catalog(), settings.reasons(),
        settings.challengerShare(), settings.outOfFold());
    return Optional.of(new ChampionScorer.Live(scorer, scorer.versions().get("champion"),
        settings.tiers().rule(night == null ? new double[0] : night.probabilities()),
        night == null ? null : night.date()));
  }
}
