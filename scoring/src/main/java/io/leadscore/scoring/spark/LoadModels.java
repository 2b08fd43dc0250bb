package io.leadscore.scoring.spark;

import io.leadscore.core.Tables;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.models.ModelsErrors;
import io.leadscore.scoring.ScoringSettings;
import io.leadscore.models.score.ScoringModel;
import io.leadscore.models.registry.ModelCard;
import io.leadscore.models.registry.ModelRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Scoring step 1: the champion and, when a challenger share is set, the registry's challenger, each loaded
 * under its own contract (with its fold models when scoring out of fold).
 */
final class LoadModels {
  /** The versions that score tonight and one scoring model per route. */
  record LoadedModels(ModelCard champion, Optional<ModelCard> challenger, List<ScoringModel> models) {
    /** The cards in arm order: champion, then challenger if any. */
    List<ModelCard> cards() {
      List<ModelCard> cards = new ArrayList<>(List.of(champion));
      challenger.ifPresent(cards::add);
      return cards;
    }

    /** The share of leads the challenger scores: none without a challenger. */
    double challengerShare(ScoringSettings s) {
      return challenger.isPresent() ? s.challengerShare() : 0;
    }
  }

  private final Tables tables;
  private final FeatureCatalog catalog;
  private final ModelRegistry registry;

  LoadModels(Tables tables, FeatureCatalog catalog, ModelRegistry registry) {
    this.tables = tables;
    this.catalog = catalog;
    this.registry = registry;
  }

  LoadedModels run(ScoringSettings s) {
    ModelCard champion = registry.champion().orElseThrow(() -> ModelsErrors.noChampion(tables.modelsDir()));
    Optional<ModelCard> challenger = s.challengerShare() > 0 ? challenger(champion) : Optional.empty();
    List<ScoringModel> models = new ArrayList<>(ModelContracts.loadAll(champion, ScoreJob.CHAMPION, catalog,
        tables.modelsDir(), s.outOfFold()));
    challenger.ifPresent(c -> models.addAll(ModelContracts.loadAll(c, ScoreJob.CHALLENGER, catalog,
        tables.modelsDir(), s.outOfFold())));
    return new LoadedModels(champion, challenger, List.copyOf(models));
  }

  /**
   * The challenger arm's model: the registry's version in state challenger (never a rejected, retired or
   * undecided one), if any.
   */
  private Optional<ModelCard> challenger(ModelCard champion) {
    return registry.challenger().filter(c -> c.version() != champion.version());
  }
}
