package io.leadscore.scoring;

import io.leadscore.core.Tables;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.models.ModelsErrors;
import io.leadscore.models.contract.ModelContract;
import io.leadscore.models.score.ArmRule;
import io.leadscore.models.score.ScoringModel;
import io.leadscore.models.registry.ModelCard;
import io.leadscore.models.registry.ModelRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Scoring step 1: the champion and, when a challenger share is set, the registry's challenger, each loaded
 * under its own contract (with its fold models when scoring out of fold). The boosters come through
 * {@code boosters}: the batch job reads them with xgboost4j-spark's model reader, a test with anything.
 */
public final class LoadModels {
  /** The versions that score tonight and one scoring model per route. */
  public record LoadedModels(ModelCard champion, Optional<ModelCard> challenger, List<ScoringModel> models) {
    /** The cards in arm order: champion, then challenger if any. */
    public List<ModelCard> cards() {
      List<ModelCard> cards = new ArrayList<>(List.of(champion));
      challenger.ifPresent(cards::add);
      return cards;
    }

    /** The share of leads the challenger scores: none without a challenger. */
    public double challengerShare(ScoringSettings s) {
      return challenger.isPresent() ? s.challengerShare() : 0;
    }
  }

  private final Tables tables;
  private final FeatureCatalog catalog;
  private final ModelRegistry registry;
  private final ModelContract.Boosters boosters;

  public LoadModels(Tables tables, FeatureCatalog catalog, ModelRegistry registry, ModelContract.Boosters boosters) {
    this.tables = tables;
    this.catalog = catalog;
    this.registry = registry;
    this.boosters = boosters;
  }

  public LoadedModels run(ScoringSettings s) {
    ModelCard champion = registry.champion().orElseThrow(() -> ModelsErrors.noChampion(tables.modelsDir()));
    Optional<ModelCard> challenger = s.challengerShare() > 0 ? challenger(champion) : Optional.empty();
    List<ScoringModel> models = new ArrayList<>(ModelContract.loadAll(champion, ArmRule.CHAMPION, catalog,
        boosters, s.outOfFold()));
    challenger.ifPresent(c -> models.addAll(ModelContract.loadAll(c, ArmRule.CHALLENGER, catalog, boosters,
        s.outOfFold())));
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
