package io.leadscore.training.search;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.LeadscoreException;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.training.TrainingSettings;
import io.leadscore.training.xgb.CrossValidation;
import io.leadscore.training.xgb.NativeXgb;
import io.leadscore.training.xgb.Rows;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The random search in plain Java: seeded candidates within their ranges, and a time budget that holds. */
class RandomSearchTest {
  static TrainingSettings settings(Map<String, String> extra) {
    Map<String, String> m = new HashMap<>(Map.of("leadscore.training.search.kind", "random",
        "leadscore.training.search.trials", "12"));
    m.putAll(extra);
    return TrainingSettings.from(LeadscoreConfig.defaults(m));
  }

  @Test
  void theSameSeedGivesTheSameTrialsAndAnotherSeedOthers() {
    List<XgbParams> a = settings(Map.of()).fit().candidates();
    List<XgbParams> b = settings(Map.of()).fit().candidates();
    List<XgbParams> c = settings(Map.of("leadscore.training.search.seed", "8")).fit().candidates();
    assertEquals(12, a.size());
    assertEquals(a, b);
    assertNotEquals(a.subList(1, 12), c.subList(1, 12));
    assertEquals(settings(Map.of()).fit().params(), a.get(0), "trial 0 is the configured parameters");
    assertEquals(a.get(0), c.get(0));
    assertEquals(11, a.stream().skip(1).distinct().count(), "drawn trials differ from each other");
  }

  @Test
  void drawsStayInTheirRangesOnTheirScales() {
    TrainingSettings s = settings(Map.of("leadscore.training.search.trials", "400",
        "leadscore.training.search.ranges.eta", "[0.001, 1.0]"));
    List<XgbParams> trials = s.fit().candidates().subList(1, 400);
    for (XgbParams p : trials) {
      assertTrue(p.maxDepth() >= 2 && p.maxDepth() <= 8, p.label());
      assertTrue(p.eta() >= 0.001 && p.eta() <= 1.0, p.label());
      assertTrue(p.subsample() >= 0.5 && p.subsample() <= 1.0, p.label());
      assertTrue(p.alpha() >= 0.001 && p.alpha() <= 10, p.label());
      assertEquals(s.fit().params().numRound(), p.numRound(), "rounds come from early stopping under the cap");
    }
    // log-uniform over [0.001, 1]: about a third below 0.01 (a uniform draw would put 1% there)
    long small = trials.stream().filter(p -> p.eta() < 0.01).count();
    assertTrue(small > 90 && small < 180, "eta below 0.01: " + small);
    // every depth of [2, 8] is drawn, the ends too
    assertEquals(7, trials.stream().map(XgbParams::maxDepth).distinct().count());
  }

  @Test
  void badRangesNameTheKey() {
    LeadscoreException e = assertThrows(LeadscoreException.class,
        () -> settings(Map.of("leadscore.training.search.ranges.alpha", "[0, 1]")));
    assertTrue(e.getMessage().contains("'leadscore.training.search.ranges.alpha'"), e.getMessage());
    e = assertThrows(LeadscoreException.class, () -> settings(Map.of("leadscore.training.search.kind", "bayes")));
    assertEquals("'leadscore.training.search.kind' is 'bayes' but must be grid or random", e.getMessage());
  }

  @Test
  void aBudgetStopsStartingTrialsBeforeItWouldBeExceeded() {
    long[] now = {0};
    SearchBudget budget = new SearchBudget(35, () -> now[0]);
    int ran = 0;
    while (budget.mayStart() && ran < 100) {
      now[0] += 10_000_000_000L; // every trial takes 10 s
      budget.finished(10);
      ran++;
    }
    assertEquals(3, ran, "30 s spent; a 4th trial would end at 40 s > 35 s");
    assertTrue(budget.elapsed() <= 35);
    SearchBudget tight = new SearchBudget(1, () -> now[0]);
    assertTrue(tight.mayStart(), "the first trial always runs");
    tight.finished(5);
    assertFalse(tight.mayStart());
    SearchBudget none = new SearchBudget(0, () -> now[0]);
    none.finished(1e6);
    assertTrue(none.mayStart(), "0 = no budget");
  }

  /** Rows whose label depends on two of three columns, in 3 folds with a validation split. */
  static Rows rows(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n * 3];
    float[] y = new float[n];
    int[] fold = new int[n];
    boolean[] valid = new boolean[n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 3; k++) {
        x[i * 3 + k] = (float) r.nextGaussian();
      }
      double z = 1.5 * x[i * 3] - x[i * 3 + 1] + r.nextGaussian() - 1;
      y[i] = z > 0 ? 1f : 0f;
      fold[i] = i % 3;
      valid[i] = i % 7 == 0;
    }
    return new Rows(x, n, 3, y, new double[n], fold, valid);
  }

  @Test
  void theSameSearchOnTheSameRowsChoosesTheSameModelAndTheBudgetCutsIt() {
    TrainingSettings s = settings(Map.of("leadscore.training.search.trials", "4", "leadscore.training.num_round",
        "40", "leadscore.training.early_stopping_rounds", "5"));
    Rows train = rows(1500, 3);
    CrossValidation cv = new CrossValidation(3, 5, 0.2, p -> p.booster(1, 7, 1));
    CrossValidation.Result one = cv.run(train, s.fit().candidates(), SearchBudget.none());
    CrossValidation.Result two = cv.run(train, s.fit().candidates(), SearchBudget.none());
    try {
      assertEquals(4, one.points().size());
      assertEquals(one.best().params(), two.best().params());
      assertEquals(one.best().meanRounds(), two.best().meanRounds());
      assertArrayEquals(one.outOfFold().scores(), two.outOfFold().scores(), 0.0, "the same fold models");
      assertEquals(train.rows(), one.outOfFold().scores().length, "every training row predicted out of fold once");
      double[] p1 = NativeXgb.predict(one.bestFits().get(0), train);
      double[] p2 = NativeXgb.predict(two.bestFits().get(0), train);
      assertArrayEquals(p1, p2, 0.0);
    } finally {
      one.dispose();
      two.dispose();
    }
    // a budget of 1 ns: only the first candidate runs
    CrossValidation.Result cut = cv.run(train, s.fit().candidates(), new SearchBudget(1e-9, System::nanoTime));
    cut.dispose();
    assertEquals(1, cut.points().size());
    assertEquals(3, cut.fits());
  }
}
