package io.leadscore.models.online;

import io.leadscore.models.score.TierRule;
import io.leadscore.models.score.ScoringModel;
import io.leadscore.models.score.ScoreTiers;
import io.leadscore.models.registry.RuleSignal;
import io.leadscore.models.score.ReasonText;
import io.leadscore.models.score.ReasonSettings;
import io.leadscore.models.score.ModelBatch;
import io.leadscore.models.registry.LinearModel;
import io.leadscore.models.score.ArmRule;
import io.leadscore.models.registry.Stack;
import io.leadscore.models.registry.Calibration;
import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.LeadscoreException;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.models.registry.ModelCard;
import io.leadscore.models.registry.ModelRegistry;
import io.leadscore.models.registry.TestBoosters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The online scorer with no Spark on the classpath (this module's tests have none): it loads a registry's
 * champion and challenger from their saved folders and scores single leads as the booster predicts them. That
 * it equals the batch for a night's leads is ScoreJobTest's online test.
 */
class OnlineScorerTest {
  static final FeatureCatalog CATALOG = FeatureCatalog.standard();
  static final List<String> FEATURES = CATALOG.names();
  static final ReasonSettings REASONS = ReasonSettings.from(LeadscoreConfig.defaults(Map.of())
      .getConfig("leadscore.scoring"));
  static final TierRule TIERS = new ScoreTiers(70, 40, 20);
  @TempDir
  static Path dir;
  static Booster champion;
  static Booster challenger;
  static float[][] leads;

  @BeforeAll
  static void registry() throws Exception {
    Random rnd = new Random(3);
    int n = 400;
    int w = FEATURES.size();
    float[] data = new float[n * w];
    float[] label = new float[n];
    leads = new float[n][w];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < w; k++) {
        // a few missing values; small whole numbers are valid codes of categorical inputs too
        leads[i][k] = rnd.nextInt(10) == 0 ? Float.NaN : rnd.nextInt(4);
        data[i * w + k] = leads[i][k];
      }
      label[i] = leads[i][0] + leads[i][1] + rnd.nextGaussian() > 3 ? 1 : 0;
    }
    DMatrix m = new DMatrix(data, n, w, Float.NaN);
    m.setLabel(label);
    ModelRegistry r = ModelRegistry.local(dir.resolve("models").toString());
    champion = save(r, train(m, 3), true);
    challenger = save(r, train(m, 2), false);
    m.dispose();
  }

  static Booster train(DMatrix m, int depth) throws Exception {
    Map<String, Object> p = Map.of("objective", "binary:logistic", "max_depth", depth, "eta", 0.3, "nthread", 1,
        "seed", 3, "verbosity", 0);
    return XGBoost.train(m, p, 8, Map.of(), null, null);
  }

  static Booster save(ModelRegistry r, Booster b, boolean isChampion) throws Exception {
    ModelCard card = TestBoosters.register(r, b, FEATURES, CATALOG.version());
    if (isChampion) {
      r.promote(card.version(), "test champion");
    } else {
      r.mark(card.version(), ModelRegistry.Status.CHALLENGER, "test challenger");
    }
    return b;
  }

  static OnlineScorer scorer(double share) {
    return OnlineScorer.load(dir.resolve("models").toString(), CATALOG, REASONS, share);
  }

  @Test
  void eachLeadIsScoredByItsArmsBoosterWithScoreTierAndReasons() throws Exception {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.spark.sql.SparkSession"),
        "this test proves the scorer needs no Spark");
    int[] byArm = new int[2];
    try (OnlineScorer online = scorer(0.3)) {
      for (int i = 0; i < leads.length; i++) {
        String lead = String.format("L%07d", i);
        double[] stored = new double[FEATURES.size()];
        for (int k = 0; k < stored.length; k++) {
          stored[k] = leads[i][k];
        }
        OnlineScorer.Score s = online.score(lead, stored, TIERS);
        String arm = ArmRule.arm(lead, 0.3);
        assertEquals(arm, s.model().arm(), lead);
        assertEquals(arm.equals(ArmRule.CHAMPION) ? "1" : "2", s.model().version(), lead);
        Booster b = arm.equals(ArmRule.CHAMPION) ? champion : challenger;
        float expected = b.predict(new DMatrix(leads[i], 1, leads[i].length, Float.NaN))[0][0];
        assertEquals(expected, s.probability(), 1e-6, lead);
        assertEquals(ScoreTiers.score(s.probability()), s.score());
        assertEquals(TIERS.tier(s.probability()), s.tier());
        assertTrue(s.reasons().size() <= REASONS.count() && !s.reasons().isEmpty(), lead + " " + s.reasons());
        byArm[arm.equals(ArmRule.CHAMPION) ? 0 : 1]++;
      }
    }
    assertTrue(byArm[0] > 0 && byArm[1] > 0, "both arms scored: " + byArm[0] + "/" + byArm[1]);
  }

  @Test
  void aFeatureRowByNameScoresAsTheSameValuesInOrderAndAMissingInputIsRefused() {
    try (OnlineScorer online = scorer(0)) {
      String lead = "L0000001";
      Map<String, Object> row = new HashMap<>();
      double[] stored = new double[FEATURES.size()];
      for (int k = 0; k < stored.length; k++) {
        stored[k] = leads[1][k];
        // a features table hands back ints, doubles and nulls
        row.put(FEATURES.get(k), Float.isNaN(leads[1][k]) ? null : k % 2 == 0 ? (Object) (int) leads[1][k]
            : (Object) (double) leads[1][k]);
      }
      row.put("lead_id", lead);
      assertEquals(online.score(lead, stored, TIERS), online.score(lead, row, TIERS));
      assertEquals("1", online.score(lead, row, TIERS).model().version(), "no share: the champion");

      row.remove(FEATURES.get(2));
      LeadscoreException e = assertThrows(LeadscoreException.class, () -> online.score(lead, row, TIERS));
      assertTrue(e.getMessage().contains("'" + FEATURES.get(2) + "'"), e.getMessage());
      row.put(FEATURES.get(2), "three");
      e = assertThrows(LeadscoreException.class, () -> online.score(lead, row, TIERS));
      assertTrue(e.getMessage().contains("not a number"), e.getMessage());
    }
  }

  @Test
  void aCalibratedModelScoresTheCalibratedProbabilityOnlineAsInTheBatchWithTheSameReasons() throws Exception {
    Calibration c = new Calibration(Calibration.PLATT, 0.6, -0.4);
    ScoringModel plain = new ScoringModel("leadscore", "1", ArmRule.CHAMPION, FEATURES, champion.toByteArray("ubj"));
    ScoringModel calibrated = plain.calibrated(c);
    ReasonText reasons = ReasonText.forModel(calibrated, CATALOG, REASONS);
    // one tier for every lead: reasons depend on the tier, and a calibrated probability may sit in another one
    TierRule oneTier = p -> "B";
    try (OnlineScorer raw = new OnlineScorer(List.of(plain), CATALOG, REASONS, 0);
         OnlineScorer online = new OnlineScorer(List.of(calibrated), CATALOG, REASONS, 0);
         ModelBatch batch = new ModelBatch(calibrated, reasons, p -> "B", leads.length)) {
      OnlineScorer.Score[] byLead = new OnlineScorer.Score[leads.length];
      for (int i = 0; i < leads.length; i++) {
        double[] stored = new double[FEATURES.size()];
        for (int k = 0; k < stored.length; k++) {
          stored[k] = leads[i][k];
        }
        String lead = String.format("L%07d", i);
        OnlineScorer.Score before = raw.score(lead, stored, oneTier);
        byLead[i] = online.score(lead, stored, oneTier);
        assertEquals(c.apply(before.probability()), byLead[i].probability(), 1e-12, lead);
        assertNotEquals(before.probability(), byLead[i].probability(), lead);
        assertEquals(ScoreTiers.score(byLead[i].probability()), byLead[i].score());
        // reasons explain the booster's margin: calibration leaves them as they were
        assertEquals(before.reasons(), byLead[i].reasons(), lead);
        batch.add(lead, stored);
      }
      List<ModelBatch.Scored> batched = batch.flush();
      for (int i = 0; i < leads.length; i++) {
        assertEquals(byLead[i].probability(), batched.get(i).score().probability(), 0.0, "online == batch");
        assertEquals(byLead[i].reasons(), batched.get(i).score().reasons());
      }
    }
  }

  @Test
  void aStackedModelScoresOnlineAsInTheBatchAndItsContributionsSumToTheStackedMargin() throws Exception {
    int w = FEATURES.size();
    double[] center = new double[w];
    double[] scale = new double[w];
    double[] coef = new double[w];
    for (int k = 0; k < w; k++) {
      center[k] = 1.5;
      scale[k] = 1.1;
      coef[k] = k < 3 ? 0.4 - 0.3 * k : 0.01;
    }
    Stack stack = new Stack(Stack.STACKED, 0.9, 0.5, -0.2, new LinearModel(center, scale, center.clone(), coef, -1),
        List.of(new RuleSignal("first_high", FEATURES.get(0), ">=", 3)), new double[] {0.6});
    Calibration c = new Calibration(Calibration.PLATT, 0.9, 0.1);
    ScoringModel plain = new ScoringModel("leadscore", "1", ArmRule.CHAMPION, FEATURES, champion.toByteArray("ubj"));
    ScoringModel stacked = plain.calibrated(c).stacked(stack);
    ReasonText reasons = ReasonText.forModel(stacked, CATALOG, REASONS);
    int[] cols = stack.columns(FEATURES);
    try (OnlineScorer online = new OnlineScorer(List.of(stacked), CATALOG, REASONS, 0);
         ModelBatch batch = new ModelBatch(stacked, reasons, p -> "B", leads.length)) {
      OnlineScorer.Score[] byLead = new OnlineScorer.Score[leads.length];
      DMatrix all = new DMatrix(flat(leads), leads.length, w, Float.NaN);
      float[][] margin = champion.predict(all, true);
      float[][] shap = champion.predictContrib(all, 0);
      for (int i = 0; i < leads.length; i++) {
        double[] stored = new double[w];
        for (int k = 0; k < w; k++) {
          stored[k] = leads[i][k];
        }
        String lead = String.format("L%07d", i);
        byLead[i] = online.score(lead, stored, p -> "B");
        double expected = stack.margin(margin[i][0], stored, 0, cols);
        assertEquals(c.apply(1 / (1 + Math.exp(-expected))), byLead[i].probability(), 1e-9, lead);
        double[] contrib = new double[w + 1];
        double[] s = new double[w + 1];
        for (int k = 0; k <= w; k++) {
          s[k] = shap[i][k];
        }
        stack.contributions(s, stored, 0, cols, contrib);
        // XGBoost's float32 SHAP values sum to its float32 margin within rounding
        assertEquals(expected, java.util.Arrays.stream(contrib).sum(), 1e-4, lead);
        batch.add(lead, stored);
      }
      all.dispose();
      List<ModelBatch.Scored> batched = batch.flush();
      for (int i = 0; i < leads.length; i++) {
        assertEquals(byLead[i].probability(), batched.get(i).score().probability(), 0.0, "online == batch");
        assertEquals(byLead[i].reasons(), batched.get(i).score().reasons());
      }
      assertNotEquals(online.score("L1", toDouble(leads[0]), p -> "B").probability(),
          new OnlineScorer(List.of(plain.calibrated(c)), CATALOG, REASONS, 0).score("L1", toDouble(leads[0]),
              p -> "B").probability(), "the stack moves the score");
    }
  }

  static float[] flat(float[][] rows) {
    float[] out = new float[rows.length * rows[0].length];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, out, i * rows[i].length, rows[i].length);
    }
    return out;
  }

  static double[] toDouble(float[] row) {
    double[] out = new double[row.length];
    for (int k = 0; k < row.length; k++) {
      out[k] = row[k];
    }
    return out;
  }

  @Test
  void withoutAChampionTheWayOutIsTraining() {
    LeadscoreException e = assertThrows(LeadscoreException.class,
        () -> OnlineScorer.load(dir.resolve("empty").toString(), CATALOG, REASONS, 0));
    assertTrue(e.getMessage().contains("leadscore train"), e.getMessage());
  }
}
