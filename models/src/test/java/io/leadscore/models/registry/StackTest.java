package io.leadscore.models.registry;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.core.LeadscoreException;
import io.leadscore.features.catalog.FeatureCatalog;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A stacked model's margin and its exact explanation, in plain Java. */
class StackTest {
  static final List<String> FEATURES = List.of("a", "b", "c", "d");

  static Stack stack() {
    LinearModel lr = new LinearModel(new double[] {1, 2, 0, 5}, new double[] {2, 0.5, 1, 3},
        new double[] {1, 2, 0, 0}, new double[] {0.7, -0.3, 1.1, 0.2}, -2.5);
    return new Stack(Stack.STACKED, 0.8, 0.35, -0.1, lr,
        List.of(new RuleSignal("b_twice", "b", ">=", 2), new RuleSignal("d_none", "d", "==", 0)),
        new double[] {0.4, -0.25});
  }

  @Test
  void contributionsAndBiasSumToTheStackedMarginWithinOneMillionth() {
    Stack s = stack();
    int[] cols = s.columns(FEATURES);
    Random rnd = new Random(7);
    for (int i = 0; i < 2000; i++) {
      double[] x = new double[5]; // one padding value first: rows are read at an offset
      double[] shap = new double[FEATURES.size() + 1];
      double xgb = 0;
      for (int j = 0; j < FEATURES.size(); j++) {
        x[j + 1] = rnd.nextInt(6) == 0 ? Double.NaN : rnd.nextInt(5) * (1 + rnd.nextGaussian() * 0.01);
        shap[j] = rnd.nextGaussian() * 3;
        xgb += shap[j];
      }
      shap[FEATURES.size()] = rnd.nextGaussian();
      xgb += shap[FEATURES.size()];
      double[] c = new double[FEATURES.size() + 1];
      s.contributions(shap, x, 1, cols, c);
      double sum = 0;
      for (double v : c) {
        sum += v;
      }
      assertEquals(s.margin(xgb, x, 1, cols), sum, 1e-6, "row " + i);
    }
  }

  @Test
  void aMissingInputAddsNothingAndARuleIsFoldedIntoTheInputItReads() {
    Stack s = stack();
    int[] cols = s.columns(FEATURES);
    double[] shap = {0, 0, 0, 0, 0};
    double[] c = new double[5];
    // a, b missing: their fill is their center, the linear term is 0; b's rule does not fire on a missing value
    s.contributions(shap, new double[] {Double.NaN, Double.NaN, 0, 5}, 0, cols, c);
    assertEquals(0, c[0], 0);
    assertEquals(0, c[1], 0);
    // b = 3: its linear term plus the rule's weight
    s.contributions(shap, new double[] {1, 3, 0, 5}, 0, cols, c);
    assertEquals(0.35 * -0.3 * (3 - 2) / 0.5 + 0.4, c[1], 1e-12);
    // d = 0: the fill (0) is not d's mean (5), and the == 0 rule fires on d's value
    s.contributions(shap, new double[] {1, 2, 0, 0}, 0, cols, c);
    assertEquals(0.35 * 0.2 * (0 - 5) / 3 - 0.25, c[3], 1e-12);
    assertEquals(-0.1 + 0.35 * -2.5, c[4], 1e-12, "bias: combiner bias + weighted booster bias + weighted intercept");
  }

  @Test
  void noStackIsTheBoosterAloneAndIsLeftOutOfTheStoredCard() throws Exception {
    double[] shap = {0.5, -0.25, 1, 0, -1};
    double[] c = new double[5];
    Stack.NONE.contributions(shap, new double[4], 0, Stack.NONE.columns(FEATURES), c);
    assertArrayEquals(shap, c);
    assertEquals(1.7, Stack.NONE.margin(1.7, new double[4], 0, new int[0]));
    ObjectMapper json = new ObjectMapper();
    FeatureCatalog catalog = FeatureCatalog.standard();
    ModelCard.Contract plain = new ModelCard.Contract(List.of(catalog.get(catalog.names().get(0))), Map.of(),
        Map.of());
    assertFalse(json.writeValueAsString(plain).contains("stack"), json.writeValueAsString(plain));
    ModelCard.Contract stacked = new ModelCard.Contract(plain.catalog(), Map.of(), Map.of(), null, stack());
    ModelCard.Contract back = json.readValue(json.writeValueAsString(stacked), ModelCard.Contract.class);
    assertEquals("stacked", back.kind());
    assertEquals("xgboost", plain.kind());
    double[] x = {1, 3, Double.NaN, 0};
    int[] cols = back.stack().columns(FEATURES);
    assertEquals(stack().margin(0.3, x, 0, stack().columns(FEATURES)), back.stack().margin(0.3, x, 0, cols), 0);
    assertEquals(stack().describe(), back.stack().describe());
  }

  @Test
  void aRuleOnAnInputTheModelLacksOrWithAnUnknownOpIsRefusedByName() {
    Stack s = stack();
    LeadscoreException e = assertThrows(LeadscoreException.class, () -> s.columns(List.of("a", "x", "c", "e")));
    assertTrue(e.getMessage().contains("b_twice") && e.getMessage().contains("'b'"), e.getMessage());
    e = assertThrows(LeadscoreException.class, () -> new RuleSignal("r", "a", "=>", 2));
    assertTrue(e.getMessage().contains("'=>'") && e.getMessage().contains(">="), e.getMessage());
  }
}
