package io.leadscore.models.online;

import io.leadscore.models.score.TierRule;
import io.leadscore.models.score.ScoringModel;
import io.leadscore.models.score.ReasonText;
import io.leadscore.models.score.ReasonSettings;
import io.leadscore.models.score.ModelBatch;
import io.leadscore.models.score.BatchScorer;
import io.leadscore.models.score.ArmRule;
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
 * night's tier rule. A static export's version also brings its fold models and evaluated fit (one per
 * {@link ScoringModel#route()}); which of them scores a known lead is the caller's to say (the route the batch
 * chose, from its {@code lead_scores} row), every other lead gets its arm's deployed model. Safe for concurrent
 * use: each call borrows a native booster of its route.
 */
public final class OnlineScorer implements AutoCloseable {
  /** The model that scored a lead; {@code route} names its fit ({@link ScoringModel#route()}). */
  public record ModelRef(String name, String version, String arm, String route) {}

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
      arms.put(m.route(), new Arm(m, ReasonText.forModel(m, today, reasons)));
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
    return load(modelsDir, today, reasons, challengerShare, false);
  }

  /** As {@link #load(String, FeatureCatalog, ReasonSettings, double)}, with the fold models when {@code outOfFold}
   *  (the batch's {@code leadscore.scoring.out_of_fold}). */
  public static OnlineScorer load(String modelsDir, FeatureCatalog today, ReasonSettings reasons,
                                  double challengerShare, boolean outOfFold) {
    ModelRegistry registry = ModelRegistry.local(modelsDir);
    ModelCard champion = registry.champion().orElseThrow(() -> ModelsErrors.noChampion(modelsDir));
    Optional<ModelCard> challenger = challengerShare > 0
        ? registry.challenger().filter(c -> c.version() != champion.version()) : Optional.empty();
    ModelContract.Boosters boosters = (card, path, deployed) -> SavedBooster.read(card, path);
    List<ScoringModel> models = new ArrayList<>();
    models.addAll(ModelContract.loadAll(champion, ArmRule.CHAMPION, today, boosters, outOfFold));
    challenger.ifPresent(c -> models.addAll(ModelContract.loadAll(c, ArmRule.CHALLENGER, today, boosters,
        outOfFold)));
    return new OnlineScorer(models, today, reasons, challengerShare);
  }

  /** The arm that scores {@code leadId} (the batch's rule). */
  public String arm(String leadId) {
    // a lead without an id has no stable hash: the champion scores it
    return leadId == null ? ArmRule.CHAMPION : ArmRule.arm(leadId, share);
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
    return score(leadId, features, tiers, null);
  }

  /**
   * As {@link #score(String, Map, TierRule)} by the fit {@code route} names ({@link ScoringModel#route()}, e.g. the
   * route of the lead's nightly row); the arm's deployed model when null or not a route of the lead's arm here.
   */
  public Score score(String leadId, Map<String, ?> features, TierRule tiers, String route) {
    Arm arm = arm(leadId, route);
    List<String> names = arm.model.features();
    double[] values = new double[names.size()];
    for (int k = 0; k < values.length; k++) {
      String f = names.get(k);
      if (!features.containsKey(f)) {
        throw ModelsErrors.of("Lead %s has no value for input '%s' of model v%s: give every input (null when "
            + "missing); the model's inputs are %s", leadId, f, arm.model.version(), names);
      }
      values[k] = value(leadId, f, features.get(f));
    }
    return score(arm, leadId, values, tiers);
  }

  /** The versions loaded, by arm (what a registry watcher compares with the registry's). */
  public Map<String, String> versions() {
    Map<String, String> out = new LinkedHashMap<>();
    arms.values().forEach(a -> out.putIfAbsent(a.model.arm(), a.model.version()));
    return out;
  }

  private Arm arm(String leadId, String route) {
    String armName = arm(leadId);
    Arm routed = route == null ? null : arms.get(route);
    return routed != null && routed.model.arm().equals(armName) ? routed : arms.get(armName);
  }

  /**
   * Scores a lead from its stored values, in the order of its model's {@code features()} (NaN missing).
   *
   * @param tiers the night's tier rule (rank cut-offs or fixed score cut-offs)
   */
  public Score score(String leadId, double[] stored, TierRule tiers) {
    return score(arms.get(arm(leadId)), leadId, stored, tiers);
  }

  private Score score(Arm arm, String leadId, double[] stored, TierRule tiers) {
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
          new ModelRef(m.name(), m.version(), m.arm(), m.route()));
    } finally {
      arm.release(batch);
    }
  }

  /**
   * Many leads' probabilities at once, without reasons (the batch's first pass, which rank tier cut-offs are
   * taken from): each lead by the fit {@code routes} names for it (null: its arm's deployed model); an input
   * absent from a row is missing.
   */
  public double[] probabilities(List<String> leadIds, List<? extends Map<String, ?>> rows, List<String> routes) {
    double[] out = new double[leadIds.size()];
    Map<Arm, ModelBatch> batches = new LinkedHashMap<>();
    Map<Arm, List<Integer>> pending = new LinkedHashMap<>();
    try {
      for (int i = 0; i < out.length; i++) {
        String id = leadIds.get(i);
        Arm arm = arm(id, routes.get(i));
        ModelBatch b = batches.computeIfAbsent(arm, a -> new ModelBatch(a.model, null, p -> "D", 4096));
        pending.computeIfAbsent(arm, a -> new ArrayList<>()).add(i);
        List<String> names = arm.model.features();
        double[] values = new double[names.size()];
        for (int k = 0; k < values.length; k++) {
          values[k] = value(id, names.get(k), rows.get(i).get(names.get(k)));
        }
        if (b.add(id, values)) {
          drain(b, pending.get(arm), out);
        }
      }
      batches.forEach((a, b) -> drain(b, pending.get(a), out));
    } finally {
      batches.values().forEach(ModelBatch::close);
    }
    return out;
  }

  private static void drain(ModelBatch b, List<Integer> index, double[] out) {
    List<ModelBatch.Scored> s = b.flush();
    for (int j = 0; j < s.size(); j++) {
      out[index.get(j)] = s.get(j).score().probability();
    }
    index.clear();
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
