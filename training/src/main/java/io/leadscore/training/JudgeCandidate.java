package io.leadscore.training;

import io.leadscore.training.promotion.GainShareGuard;
import io.leadscore.training.promotion.PromotionPolicy;
import io.leadscore.models.registry.ModelCard;
import io.leadscore.models.registry.ModelRegistry;
import io.leadscore.training.xgb.Rows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The champion/challenger decision: the leakage alarms (each feature's own AUC, measured before CV, and the
 * gain shares against the champion's), the champion scored on the same holdout with its own contract, and
 * the promotion policy's verdict.
 */
public final class JudgeCandidate {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class); // the run logs as one job

  /** Every leakage alarm, the champion as compared, and the decision. */
  public record Judgement(List<String> alarms, PromotionPolicy.Champion champion, PromotionPolicy.Decision decision) {}

  /** The champion scored on the holdout with its own contract, paired with the candidate's scores. */
  @FunctionalInterface
  interface Comparison {
    PromotionPolicy.Champion compare(ModelCard champion, Rows holdout, double[] candidate);
  }

  private final ModelRegistry registry;
  private final Comparison comparison;

  JudgeCandidate(ModelRegistry registry, Comparison comparison) {
    this.registry = registry;
    this.comparison = comparison;
  }

  Judgement run(TrainingSettings s, EvaluateOnHoldout.Evaluation eval, Rows holdout, List<String> featureAlarms) {
    Optional<ModelCard> champion = registry.champion();
    List<String> alarms = new ArrayList<>(featureAlarms);
    alarms.addAll(new GainShareGuard(s.maxGainShare(), s.maxGainShareJump()).alarms(eval.gainShare(),
        champion.map(c -> c.contract().gainShare()).orElse(Map.of())));
    alarms.forEach(a -> LOG.warn("Leakage alarm: {}", a));
    PromotionPolicy.Champion champ = champion.map(c -> comparison.compare(c, holdout, eval.scores())).orElse(PromotionPolicy.Champion.none());
    PromotionPolicy.Decision decision = new PromotionPolicy(s.minAucGain(), s.confidence(), s.aucFloor(),
        s.precisionFloor(), s.maxAucJump(), s.allowLeakage(), s.allowIncomparable())
        .decide(eval.holdout().auc(), eval.holdout().precisionAtTop(), champ, alarms);
    return new Judgement(alarms, champ, decision);
  }
}
