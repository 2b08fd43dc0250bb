package io.leadscore.training;

import io.leadscore.core.Tables.Table;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.training.promotion.PromotionPolicy;
import io.leadscore.training.search.SearchReuse;
import io.leadscore.models.registry.ModelCard;
import io.leadscore.models.registry.ModelRegistry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the saved version with its card (provenance, parameters, headline metrics, sealed contract,
 * fits and decision) and gives it the state the decision says: champion, challenger or rejected.
 */
final class RegisterModel {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class); // the run logs as one job
  /** The holdout's conversion rate at the rank tiers' shares (scoring reports each tier's rate from these). */
  private static final int[] TIER_PERCENTS = {5, 20, 50, 100};

  private final FeatureCatalog catalog;
  private final ModelRegistry registry;

  RegisterModel(FeatureCatalog catalog, ModelRegistry registry) {
    this.catalog = catalog;
    this.registry = registry;
  }

  ModelCard run(TrainingSettings s, TrainingSplit split, Trainer trainer, TuneParameters.Tuning tuning,
                EvaluateOnHoldout.Evaluation eval, PromotionPolicy.Decision decision, SavedModels.SavedModel saved) {
    List<String> features = catalog.names();
    Map<String, Object> params = new LinkedHashMap<>(tuning.booster());
    params.put("num_round", tuning.chosen().numRound());
    // what a later night needs to reuse this search (SearchReuse): when it ran and with which settings
    params.put(SearchReuse.SEARCH, s.fit().search().describe());
    params.put(SearchReuse.SEARCHED_ON, tuning.search().searchedOn());
    Map<String, Double> headline = new LinkedHashMap<>();
    headline.put("cv_auc", tuning.best().meanAuc());
    headline.put("holdout_auc", eval.holdout().auc());
    headline.put("precision_at_20", eval.holdout().precisionAtTop());
    headline.put("lift_at_20", eval.holdout().liftAtTop());
    headline.put("top_vs_rest_at_20", eval.holdout().topVsRestAtTop());
    for (int pct : TIER_PERCENTS) {
      headline.putIfAbsent("precision_at_" + pct, eval.metrics().precisionAt(pct / 100.0));
    }
    Map<String, Double> present = trainer.presentShare(features);
    headline.put("holdout_ece", eval.ece().calibrated());
    ModelCard.Contract contract = new ModelCard.Contract(features.stream().map(catalog::get).toList(), present,
        eval.gainShare(), eval.kept().calibration(), eval.kept().stack());
    TrainingSplit.Window w = split.window();
    ModelCard card = registry.register(ModelCard.builder().version(saved.version()).name(s.mlflow().registeredModel())
        .createdAt(Instant.now().toString()).path(saved.path()).features(features, catalog.version())
        .window(w.trainFrom(), w.trainTo(), w.holdoutFrom()).seed(s.cv().seed()).params(params).metrics(headline)
        .inputVersions(Map.of(Table.TRAINING_SET.tableName(), split.inputVersion())).contract(contract)
        .fits(saved.fits(), decision.toString()).build());
    switch (decision.verdict()) {
      case PROMOTED -> registry.promote(card.version(), decision.reason());
      case CHALLENGER -> registry.mark(card.version(), ModelRegistry.Status.CHALLENGER, decision.reason());
      case REJECTED -> registry.mark(card.version(), ModelRegistry.Status.REJECTED, decision.reason());
    }
    LOG.info("Model v{} {}", card.version(), decision);
    return card;
  }
}
