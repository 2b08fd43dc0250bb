package io.leadscore.training.ensemble;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.leadscore.core.LeadscoreException;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.FeatureDefinition;
import io.leadscore.models.metrics.BinaryMetrics;
import io.leadscore.models.registry.LinearModel;
import io.leadscore.models.registry.RuleSignal;
import io.leadscore.models.registry.Stack;
import io.leadscore.training.TrainingSettings;
import io.leadscore.training.xgb.Rows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ensemble's plain-Java pieces: the regularised logistic regression, its missing values, the stacking. */
class StackingTest {
  static final FeatureCatalog CATALOG = FeatureCatalog.standard();

  /** Three inputs of the standard catalogue: the first reads missing as zero, the others keep missing. */
  static List<FeatureDefinition> definitions() {
    List<FeatureDefinition> zero = CATALOG.features().stream()
        .filter(d -> d.missing() == FeatureDefinition.Missing.ZERO).limit(1).toList();
    List<FeatureDefinition> keep = CATALOG.features().stream()
        .filter(d -> d.missing() == FeatureDefinition.Missing.KEEP).limit(2).toList();
    List<FeatureDefinition> out = new ArrayList<>(zero);
    out.addAll(keep);
    assertEquals(3, out.size(), "the standard catalogue has zero- and keep-missing features");
    return out;
  }

  /**
   * Rows where the label's log-odds are {@code -1 + 1.5 a - 0.8 b + 1.2 [c >= 3]}, inputs on very different scales,
   * b missing on 20%, three lead folds.
   */
  static Rows rows(int n, long seed) {
    return rows(n, seed, true);
  }

  /** As {@link #rows(int, long)}; without {@code step}, c adds {@code 0.4 c} (the truth is then linear). */
  static Rows rows(int n, long seed, boolean step) {
    Random rnd = new Random(seed);
    float[] x = new float[n * 3];
    float[] y = new float[n];
    int[] fold = new int[n];
    for (int i = 0; i < n; i++) {
      double a = rnd.nextGaussian();
      double b = rnd.nextGaussian();
      double c = rnd.nextInt(6);
      x[i * 3] = (float) (a * 100 + 40);
      x[i * 3 + 1] = rnd.nextInt(5) == 0 ? Float.NaN : (float) (b * 0.01);
      x[i * 3 + 2] = (float) c;
      double m = -1 + 1.5 * a - 0.8 * b + (step ? (c >= 3 ? 1.2 : 0) : 0.4 * (c - 2.5));
      y[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-m)) ? 1 : 0;
      fold[i] = i % 3;
    }
    return new Rows(x, n, 3, y, new double[n], fold, new boolean[n]);
  }

  @Test
  void theRegressionRecoversTheLinearSignalOnStandardisedInputsAndTheL2PenaltyShrinksIt() {
    Rows r = rows(100000, 3, false);
    LinearModel m = LinearPart.fit(r, definitions(), 1e-3);
    // a per unit of its standard deviation (100): 1.5; a missing b reads as its mean and adds nothing
    assertEquals(1.5, m.coef()[0], 0.08);
    assertEquals(40, m.center()[0], 3);
    assertEquals(100, m.scale()[0], 3);
    assertTrue(m.coef()[1] < -0.5, "b pulls down: " + m.coef()[1]);
    assertEquals(0, m.term(1, Double.NaN), 0, "a missing keep-missing input adds nothing");
    // the first definition reads missing as zero: its fill is 0, not its mean
    assertEquals(0, m.fill()[0], 0);
    assertEquals(m.center()[1], m.fill()[1], 0);
    LinearModel shrunk = LinearPart.fit(r, definitions(), 5000);
    assertTrue(Math.abs(shrunk.coef()[0]) < Math.abs(m.coef()[0]) * 0.7, shrunk.coef()[0] + " vs " + m.coef()[0]);
  }

  /**
   * A categorical input's codes are numbered by frequency, not by outcome: levels 0..5 convert at 10, 80, 20, 70, 15
   * and 60%. A line through the codes cannot rank them (the reproduction: 0.55 AUC before the levels' log-odds); read
   * through each level's log-odds among the training rows it ranks them as the rates do, an unseen code reads as the
   * prior, and the table survives the model card's JSON.
   */
  @Test
  void aCategoricalInputIsReadThroughItsLevelsLogOddsNotItsCodeOrder() throws Exception {
    FeatureDefinition category = CATALOG.features().stream()
        .filter(d -> d.type() == FeatureDefinition.Type.CATEGORY).findFirst().orElseThrow();
    double[] rate = {0.1, 0.8, 0.2, 0.7, 0.15, 0.6};
    java.util.function.LongFunction<Rows> draw = seed -> {
      Random rnd = new Random(seed);
      int n = 6000;
      float[] x = new float[n];
      float[] y = new float[n];
      for (int i = 0; i < n; i++) {
        int c = rnd.nextInt(6);
        x[i] = c;
        y[i] = rnd.nextDouble() < rate[c] ? 1 : 0;
      }
      return new Rows(x, n, 1, y, new double[n], new int[n], new boolean[n]);
    };
    LinearModel m = LinearPart.fit(draw.apply(5), List.of(category), 1e-3);
    Rows fresh = draw.apply(6);
    double auc = BinaryMetrics.of(LinearPart.margins(m, fresh), fresh.labels()).auc();
    assertTrue(auc > 0.78, "the regression ranks the levels by their rates: AUC " + auc);
    for (int a = 0; a < 6; a++) {
      for (int b = 0; b < 6; b++) {
        if (rate[a] < rate[b]) {
          assertTrue(m.term(0, a) < m.term(0, b), "level " + a + " below level " + b);
        }
      }
    }
    double prior = m.levels()[0][6];
    assertEquals(prior, m.encoded(0, 17), 0, "an unseen level reads as the prior");
    assertEquals(Math.log(0.425 / 0.575), prior, 0.05, "the prior is the overall rate's log-odds");
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    LinearModel back = json.readValue(json.writeValueAsString(m), LinearModel.class);
    for (int c = 0; c < 7; c++) {
      assertEquals(m.term(0, c), back.term(0, c), 0, "the level table survives the card");
    }
    LinearModel numeric = LinearPart.fit(draw.apply(5), definitions().subList(1, 2), 1e-3);
    assertNull(numeric.levels(), "a model without categorical inputs has no level tables");
    assertFalse(json.writeValueAsString(numeric).contains("levels"), "and writes none into its card");
  }

  @Test
  void theCombinerWeighsEachPartByWhatItAddsOutOfFoldAndARuleThatCarriesSignalGetsWeight() {
    Rows r = rows(9000, 2);
    // a stand-in for XGBoost's out-of-fold scores: it sees only c's rule, noisily (fold by fold, as CV gives them)
    Random rnd = new Random(5);
    double[] xgb = new double[r.rows()];
    int at = 0;
    for (int k = 0; k < 3; k++) {
      Rows in = r.foldIn(k);
      for (int i = 0; i < in.rows(); i++) {
        double m = -1 + (in.x()[i * 3 + 2] >= 3 ? 1.2 : 0) + rnd.nextGaussian() * 0.3;
        xgb[at++] = 1 / (1 + Math.exp(-m));
      }
    }
    EnsembleSettings s = new EnsembleSettings(true, 1, 1, 0, List.of());
    List<String> names = definitions().stream().map(FeatureDefinition::name).toList();
    Stacking.Fitted f = Stacking.fit(r, 3, xgb, names, definitions(), s);
    assertTrue(f.stack().linearWeight() > 0.5, f.stack().describe());
    assertTrue(f.stack().xgbWeight() > 0.1, f.stack().describe());
    double[] labels = new double[r.rows()];
    at = 0;
    for (int k = 0; k < 3; k++) {
      for (float v : r.foldIn(k).label()) {
        labels[at++] = v;
      }
    }
    double stacked = BinaryMetrics.of(f.outOfFoldMargins(), labels).auc();
    double alone = BinaryMetrics.of(xgb, labels).auc();
    assertTrue(stacked > alone + 0.05, "stacked " + stacked + " vs xgboost alone " + alone);

    // a rule on c carries signal the linear term (c is linear, the truth a step) does not
    EnsembleSettings withRule = new EnsembleSettings(true, 1, 1, 0,
        List.of(new RuleSignal("c_three", names.get(2), ">=", 3)));
    double[] flat = new double[xgb.length];
    java.util.Arrays.fill(flat, 0.3);
    Stack ruled = Stacking.fit(r, 3, flat, names, definitions(), withRule).stack();
    assertEquals(1, ruled.ruleWeights().length);
    assertTrue(ruled.ruleWeights()[0] > 0.15, ruled.describe());
    // the stacked probabilities of rows are the stack's margin through the sigmoid
    double[] p = Stacking.probabilities(ruled, flat, r, names);
    double[] row = {r.x()[0], r.x()[1], r.x()[2]};
    assertEquals(1 / (1 + Math.exp(-ruled.margin(Math.log(0.3 / 0.7), row, 0, ruled.columns(names)))), p[0], 1e-9);
  }

  static Config config(String ensemble) {
    return ConfigFactory.parseString("leadscore.training.ensemble " + ensemble)
        .withFallback(LeadscoreConfig.defaults(Map.of()));
  }

  @Test
  void rulesAreValidatedByNameWithTheWayOutAndTheEnsembleIsOffByDefault() {
    EnsembleSettings off = TrainingSettings.from(LeadscoreConfig.defaults(Map.of())).ensemble();
    assertFalse(off.enabled());
    assertEquals("off", off.describe());
    EnsembleSettings s = TrainingSettings.from(config("{ enabled = true, rules = [{name = \"pricing_twice\", "
        + "feature = \"no_such_feature\", op = \">=\", value = 2}] }")).ensemble();
    LeadscoreException e = assertThrows(LeadscoreException.class, () -> s.requireFeatures(CATALOG.names()));
    assertTrue(e.getMessage().contains("'pricing_twice'") && e.getMessage().contains("'no_such_feature'")
        && e.getMessage().contains("remove the rule"), e.getMessage());
    s.requireFeatures(List.of("no_such_feature"));
    e = assertThrows(LeadscoreException.class, () -> TrainingSettings.from(config("{ rules = [{name = \"r\", "
        + "feature = \"x\", op = \"=>\", value = 2}] }")));
    assertTrue(e.getMessage().contains("'r'") && e.getMessage().contains("'=>'") && e.getMessage().contains(">="),
        e.getMessage());
    e = assertThrows(LeadscoreException.class, () -> TrainingSettings.from(config("{ rules = [{name = \"r\", "
        + "feature = \"x\"}] }")));
    assertTrue(e.getMessage().contains("needs name, feature, op and value"), e.getMessage());
  }
}
