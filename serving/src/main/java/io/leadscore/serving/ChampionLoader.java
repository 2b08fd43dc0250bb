package io.leadscore.serving;

import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.models.registry.ModelCard;
import io.leadscore.models.registry.ModelRegistry;
import io.leadscore.models.online.OnlineScorer;
import io.leadscore.models.score.ReasonSettings;
import io.leadscore.models.score.TierSettings;
import io.leadscore.serving.store.Lakehouse;
import io.leadscore.serving.store.LeadScore;
import io.leadscore.serving.store.NightLeads;
import io.leadscore.serving.store.StoredLead;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Loads the live champion as the batch would score tonight: the registry's champion (and challenger, for the
 * batch's share by the same lead-hash rule), each under its contract with today's catalogue, the batch's reason
 * settings, and the night's tier rule ({@link TierSettings#rule} over the probabilities of the latest night's
 * {@code lead_scores}, or, for another champion than the night's, over its own probabilities of the night's
 * leads). {@link #key} is what the live champion depends on, so a watcher reloads only when it moved.
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
  private final Supplier<Lakehouse.Night> storeNight;

  /**
   * @param storeNight the night the store holds in memory (waits until it is loaded), or null when the store is
   *                   remote: its leads' features for a rescoring, and its scores for the tier rule when they are
   *                   the current version of {@code lead_scores}
   */
  public ChampionLoader(Settings settings, Lakehouse lakehouse, Supplier<Lakehouse.Night> storeNight) {
    this.settings = settings;
    this.lakehouse = lakehouse;
    this.storeNight = storeNight;
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
    long scoresVersion = lakehouse.scoresVersion();
    if (scoresVersion < 0 && settings.tiers().mode() == TierSettings.Mode.RANK) {
      return Optional.empty();
    }
    // the model first, while the store still reads the night (a start takes the longer of the two, not the sum)
    OnlineScorer scorer = OnlineScorer.load(settings.modelsDir(), settings.catalog(), settings.reasons(),
        settings.challengerShare(), settings.outOfFold());
    Lakehouse.Night held = storeNight == null ? null : storeNight.get();
    // the probabilities only: the ids are read again below in the rare case of rescoring. The store's own rows
    // when it holds this very version (reading 1M scores twice cost a 1M-lead start about 3 s of CPU)
    Lakehouse.NightScores night = held != null && held.versions().scores() == scoresVersion
        && held.leads() instanceof NightLeads loaded ? loaded.nightScores() : null;
    night = night != null ? night : lakehouse.nightScores(false);
    if (night == null && settings.tiers().mode() == TierSettings.Mode.RANK) {
      return Optional.empty();
    }
    double[] p = night == null ? new double[0] : night.probabilities();
    if (night != null && settings.tiers().mode() == TierSettings.Mode.RANK
        && held != null && !night.versions().equals(scorer.versions())) {
      // another champion (or challenger) than the night's: the cut-offs over its own probabilities of the
      // night's leads, as the batch would take them tonight
      Map<String, StoredLead> leads = held.leads();
      Lakehouse.NightScores withIds = leads == null ? null : lakehouse.nightScores(true);
      if (withIds != null) {
        p = rescored(scorer, withIds, leads);
      }
    }
    return Optional.of(new ChampionScorer.Live(scorer, scorer.versions().get("champion"), settings.tiers().rule(p),
        night == null ? null : night.date()));
  }

  private static double[] rescored(OnlineScorer scorer, Lakehouse.NightScores night, Map<String, StoredLead> leads) {
    List<String> ids = new ArrayList<>();
    List<Map<String, Object>> rows = new ArrayList<>();
    List<String> routes = new ArrayList<>();
    for (String id : night.leadIds()) {
      StoredLead l = leads.get(id);
      if (l != null) {
        ids.add(id);
        rows.add(l.features());
        // the night's fit (a static export's fold model) only for a version still live in its arm
        LeadScore s = l.nightly();
        routes.add(s != null && s.model().version().equals(scorer.versions().get(s.model().arm())) ? s.route()
            : null);
      }
    }
    return scorer.probabilities(ids, rows, routes);
  }
}
