package io.leadscore.training;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.models.metrics.FoldMetrics;
import io.leadscore.models.metrics.PairedAuc;
import io.leadscore.models.registry.ModelCard;
import io.leadscore.models.registry.ModelRegistry;
import io.leadscore.training.promotion.PromotionPolicy;
import io.leadscore.training.promotion.PromotionPolicy.Verdict;
import io.leadscore.training.xgb.Rows;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The champion/challenger decision of a run, without Spark: hand-made holdout figures, a local registry, and the
 * champion's comparison as a fake that returns what a real scoring of the champion would.
 */
class JudgeCandidateTest {
  static final TrainingSettings DEFAULTS = TrainingSettings.from(LeadscoreConfig.defaults(Map.of()));
  static final Rows HOLDOUT = new Rows(new float[] {1, 2, 3, 4}, 4, 1, new float[] {1, 0, 1, 0}, new double[4],
      new int[4], new boolean[4]);

  @TempDir
  Path dir;

  /** The candidate's holdout: its AUC and precision at the top as given, its scores and gain shares. */
  static EvaluateOnHoldout.Evaluation candidate(double auc, double precision, Map<String, Double> gainShare) {
    FoldMetrics hold = new FoldMetrics(4, 0.5, auc, auc, new FoldMetrics.AtTop(precision, 0.5, 2, 3), 0.2, 0.5,
        new FoldMetrics.DaysToConvert(Double.NaN, Double.NaN));
    return new EvaluateOnHoldout.Evaluation(null, new double[] {0.9, 0.1, 0.8, 0.2}, null, hold, Map.of(), gainShare,
        null, null);
  }

  ModelRegistry registryWithChampion(Map<String, Double> gainShare) {
    ModelRegistry r = ModelRegistry.local(dir.resolve("models").toString());
    int v = r.claim();
    ModelCard card = r.register(ModelCard.builder().version(v).name("leadscore").createdAt(Instant.now().toString())
        .path(r.modelPath(v)).features(List.of("visits"), "v1").seed(1).metrics(Map.of("holdout_auc", 0.75))
        .build().withContract(new ModelCard.Contract(List.of(), Map.of(), gainShare)));
    r.promote(card.version(), "the first model");
    return r;
  }

  static JudgeCandidate.Comparison never() {
    return (champion, holdout, candidate) -> fail("no champion: nothing to compare with");
  }

  @Test
  void withoutAChampionAGoodCandidateIsPromotedAndNothingIsCompared() {
    ModelRegistry empty = ModelRegistry.local(dir.resolve("models").toString());
    JudgeCandidate.Judgement j = new JudgeCandidate(empty, never())
        .run(DEFAULTS, candidate(0.78, 0.4, Map.of("visits", 0.5)), HOLDOUT, List.of());
    assertEquals(Verdict.PROMOTED, j.decision().verdict(), j.decision().toString());
    assertEquals("no champion yet (holdout AUC 0.7800)", j.decision().reason());
    assertEquals(List.of(), j.alarms());
    assertEquals(PromotionPolicy.Champion.none(), j.champion());
  }

  @Test
  void aCandidateBelowTheFloorIsRejected() {
    ModelRegistry empty = ModelRegistry.local(dir.resolve("models").toString());
    JudgeCandidate.Judgement j = new JudgeCandidate(empty, never())
        .run(DEFAULTS, candidate(0.55, 0.4, Map.of()), HOLDOUT, List.of());
    assertEquals(Verdict.REJECTED, j.decision().verdict());
    assertEquals("holdout AUC 0.5500 is below the floor 0.6000", j.decision().reason());
  }

  @Test
  void aFeatureAlarmOrAGainShareAlarmRejectsTheCandidateAndIsListed() {
    ModelRegistry empty = ModelRegistry.local(dir.resolve("models").toString());
    JudgeCandidate.Judgement leak = new JudgeCandidate(empty, never())
        .run(DEFAULTS, candidate(0.8, 0.4, Map.of("visits", 0.5)), HOLDOUT, List.of("tags: own AUC 0.97"));
    assertEquals(Verdict.REJECTED, leak.decision().verdict());
    assertEquals(List.of("tags: own AUC 0.97"), leak.alarms());
    assertTrue(leak.decision().reason().startsWith("leakage alarm on [tags: own AUC 0.97]"), leak.decision().reason());

    // one feature holding 95% of the gain (max_gain_share 0.8): an alarm of its own, beside the features' alarms
    JudgeCandidate.Judgement share = new JudgeCandidate(empty, never())
        .run(DEFAULTS, candidate(0.8, 0.4, Map.of("visits", 0.95, "tags", 0.05)), HOLDOUT, List.of());
    assertEquals(Verdict.REJECTED, share.decision().verdict());
    assertEquals(1, share.alarms().size(), share.alarms().toString());
    assertTrue(share.alarms().get(0).contains("visits"), share.alarms().toString());
  }

  @Test
  void theChampionIsComparedOnTheSameHoldoutAndOnlyASignificantGainPromotes() {
    ModelRegistry r = registryWithChampion(Map.of("visits", 0.6));
    EvaluateOnHoldout.Evaluation eval = candidate(0.80, 0.4, Map.of("visits", 0.6));
    List<Object> asked = new ArrayList<>();
    JudgeCandidate.Comparison clearGain = (champion, holdout, scores) -> {
      asked.addAll(List.of(champion.version(), holdout, scores));
      return PromotionPolicy.Champion.compared("v" + champion.version(), new PairedAuc(4000, 0.75, 0.80, 0.01));
    };
    JudgeCandidate.Judgement promoted = new JudgeCandidate(r, clearGain).run(DEFAULTS, eval, HOLDOUT, List.of());
    assertEquals(List.of(1, HOLDOUT, eval.scores()), asked, "the champion, today's holdout, the candidate's scores");
    assertEquals(Verdict.PROMOTED, promoted.decision().verdict(), promoted.decision().toString());
    assertTrue(promoted.decision().reason().contains("vs champion v1 0.7500"), promoted.decision().reason());

    // the same gain within the noise: registered as a challenger
    JudgeCandidate.Judgement noise = new JudgeCandidate(r, (c, h, s) -> PromotionPolicy.Champion.compared("v1",
        new PairedAuc(40, 0.75, 0.80, 0.2))).run(DEFAULTS, eval, HOLDOUT, List.of());
    assertEquals(Verdict.CHALLENGER, noise.decision().verdict(), noise.decision().toString());

    // a gain larger than max_auc_jump (0.15) looks like leakage
    JudgeCandidate.Judgement jump = new JudgeCandidate(r, (c, h, s) -> PromotionPolicy.Champion.compared("v1",
        new PairedAuc(4000, 0.60, 0.80, 0.01))).run(DEFAULTS, eval, HOLDOUT, List.of());
    assertEquals(Verdict.REJECTED, jump.decision().verdict());
    assertTrue(jump.decision().reason().endsWith("jumps more than max_auc_jump 0.1500: check for leakage"),
        jump.decision().reason());
  }

  @Test
  void aChampionThatCannotBeScoredKeepsTheCandidateAChallenger() {
    ModelRegistry r = registryWithChampion(Map.of());
    JudgeCandidate.Judgement j = new JudgeCandidate(r, (c, h, s) -> PromotionPolicy.Champion.incomparable("v1",
        "its model at /gone cannot be read", 0.75)).run(DEFAULTS, candidate(0.8, 0.4, Map.of()), HOLDOUT, List.of());
    assertEquals(Verdict.CHALLENGER, j.decision().verdict());
    assertTrue(j.decision().reason().startsWith("promotion blocked: champion v1 cannot be scored on today's holdout "
        + "(its model at /gone cannot be read)"), j.decision().reason());
    assertEquals("its model at /gone cannot be read", j.champion().incomparable());
  }
}
