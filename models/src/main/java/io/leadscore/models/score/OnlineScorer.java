package io.leadscore.models.score;

import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.models.ModelsErrors;
import io.leadscore.models.contract.ModelContract;
import io.leadscore.models.registry.ModelCard;
import io.leadscore.models.registry.ModelRegistry;
import io.leadscore.models.registry.SavedBooster;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Scores one lead at a time without Spark, exactly as the nightly batch scores it: the registry's champion (and
 * challenger, for the share of leads {@link ArmRule} gives it), each under its own contract, through the batch's
 * own {@link ModelBatch} (recoding, native predict, SHAP reasons in the batch's words, next best action) with the
 * night's tier rule. Deployed models only: a static export's out-of-fold routing needs the version's lead record
 * and is the caller's to apply. Safe for concurrent use: each call borrows a native booster of its arm.
 */
public final class OnlineScorer implements AutoCloseable {
  /** The model that scored a lead. */
  public record ModelRef(String name, String version, String arm) {}

  /** One lead's score, with the same values the batch writes to {@code lead_scores}. */
  public record Score(String leadId, double probability, int score, String tier, List<String> reasons,
                      String nextBestAction, ModelRef model) {}

  private final Map<String, Arm> arms = new LinkedHashMap<>();
  private final double share;

  /**
   * @param models one deployed model per arm ({@link ArmRule#CHAMPION}, optionally {@link ArmRule#CHALLENGER})
   * @param today  today's catalogue (reasons of models whose card carries no definitions)
   * @param share  the challenger's share; ignored (0) without a challenger model
   */
  public OnlineScorer(List<ScoringModel> models, FeatureCatalog today, ReasonSettings reasons, double share) {
    for (ScoringModel m : models) {
      arms.put(m.arm(), new Arm(m, ReasonText.forModel(m, today, reasons)));
    }
    if (!arms.containsKey(ArmRule.CHAMPION)) {
      throw ModelsErrors.of("No champion model among %s: the online scorer needs one", arms.keySet());
    }
    this.share = arms.containsKey(ArmRule.CHALLENGER) ? share : 0;
  }

  /**
   * The registry's champion and, when {@code challengerShare > 0}, its challenger (a version in state challenger
   * other than the champion), each loaded under its contract with today's catalogue, as the batch loads them.
   */
  public static OnlineScorer load(String modelsDir, FeatureCatalog today, ReasonSettings reasons,
                                  double challengerShare) {
    ModelRegistry registry = ModelRegistry.local(modelsDir);
    ModelCard champion = registry.champion().orElseThrow(() -> ModelsErrors.noChampion(modelsDir));
    Optional<ModelCard> challenger = challengerShare > 0
        ? registry.challenger().filter(c -> c.version() != champion.version()) : Optional.empty();
    ModelContract.Boosters boosters = (card, path, deployed) -> SavedBooster.read(card, path);
    List<ScoringModel> models = new ArrayList<>();
    models.add(ModelContract.load(champion, ArmRule.CHAMPION, today, boosters));
    challenger.ifPresent(c -> models.add(ModelContract.load(c, ArmRule.CHALLENGER, today, boosters)));
    return new OnlineScorer(models, today, reasons, challengerShare);
  }

  /** The arm that scores {@code leadId} (the batch's rule). */
  public String arm(String leadId) {
    return ArmRule.arm(leadId, share);
  }

  /** The model that scores {@code leadId}; its {@code features()} is the order {@link #score(String, double[],
   *  TierRule)} expects. */
  public ScoringModel model(String leadId) {
    return arms.get(arm(leadId)).model;
  }

  /**
   * Scores a lead from its feature values by name (the features table's columns, today's encoding).
   *
   * @param features every input of the lead's model: a number, a boolean (1/0) or null (missing); a missing key
   *                 is an error, never a silent missing value
   */
  public Score score(String leadId, Map<String, ?> features, TierRule tiers) {
    List<String> names = model(leadId).features();
    double[] values = new double[names.size()];
    for (int k = 0; k < values.length; k++) {
      String f = names.get(k);
      if (!features.containsKey(f)) {
        throw ModelsErrors.of("Lead %s has no value for input '%s' of model v%s: give every input (null when "
            + "missing); the model's inputs are %s", leadId, f, model(leadId).version(), names);
      }
      values[k] = value(leadId, f, features.get(f));
    }
    return score(leadId, values, tiers);
  }

  /**
   * Scores a lead from its stored values, in the order of its model's {@code features()} (NaN missing).
   *
   * @param tiers the night's tier rule (rank cut-offs or fixed score cut-offs)
   */
  public Score score(String leadId, double[] stored, TierRule tiers) {
    Arm arm = arms.get(arm(leadId));
    if (stored.length != arm.model.features().size()) {
      throw ModelsErrors.of("Lead %s has %d values but model v%s reads %d inputs %s", leadId, stored.length,
          arm.model.version(), arm.model.features().size(), arm.model.features());
    }
    ModelBatch batch = arm.borrow();
    try {
      batch.add(leadId, stored);
      BatchScorer.Scored s = batch.flush(tiers).get(0).score();
      ScoringModel m = arm.model;
      return new Score(leadId, s.probability(), s.score(), s.tier(), s.reasons(), s.action(),
          new ModelRef(m.name(), m.version(), m.arm()));
    } finally {
      arm.release(batch);
    }
  }

  private static double value(String leadId, String feature, Object v) {
    if (v == null) {
      return Double.NaN;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0; // as Spark casts a boolean column to double
    }
    throw ModelsErrors.of("Lead %s: input '%s' is %s (%s), not a number: give the stored value (a number, a "
        + "category's code) or null", leadId, feature, v, v.getClass().getSimpleName());
  }

  @Override
  public void close() {
    arms.values().forEach(Arm::close);
  }

  /** One arm's model and a pool of its native boosters (one per concurrent call). */
  private static final class Arm {
    final ScoringModel model;
    final ReasonText reasons;
    final ConcurrentLinkedDeque<ModelBatch> idle = new ConcurrentLinkedDeque<>();

    Arm(ScoringModel model, ReasonText reasons) {
      this.model = model;
      this.reasons = reasons;
    }

    ModelBatch borrow() {
      ModelBatch b = idle.poll();
      return b != null ? b : new ModelBatch(model, reasons, null, 1);
    }

    void release(ModelBatch b) {
      idle.push(b);
    }

    void close() {
      ModelBatch b;
      while ((b = idle.poll()) != null) {
        b.close();
      }
    }
  }
}
