package io.leadscore.training;

import io.leadscore.training.search.XgbParams;
import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.models.metrics.FoldMetrics;
import io.leadscore.models.registry.Calibration;
import io.leadscore.training.search.SearchBudget;
import io.leadscore.training.search.SearchReuse;
import io.leadscore.training.xgb.CrossValidation;
import io.leadscore.training.xgb.NativeXgb;
import io.leadscore.training.xgb.Rows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The search's choice without Spark or XGBoost: a fake trainer returns hand-made CV results, and the tuning takes
 * the best candidate with its folds' mean early-stopping rounds, fits the calibration on the out-of-fold scores,
 * and says what became of the ensemble.
 */
class TuneParametersTest {
  static final BoosterSetup SETUP = new BoosterSetup(3.0, 42, 1);

  /** A fold whose AUC is {@code auc} (the other figures do not take part in the choice). */
  static FoldMetrics fold(double auc) {
    return new FoldMetrics(100, 0.2, auc, 0.5, new FoldMetrics.AtTop(0.4, 0.4, 2, 3), 0.1, 0.4,
        new FoldMetrics.DaysToConvert(Double.NaN, Double.NaN));
  }

  /** A trainer whose CV gives each candidate the AUCs and early-stopping rounds listed, best by mean AUC. */
  static final class FakeTrainer implements Trainer {
    final List<List<Double>> aucs;
    final List<List<Integer>> rounds;
    final Rows driverRows;
    final List<XgbParams> askedFor = new ArrayList<>();
    final List<Map<String, Object>> boosters = new ArrayList<>();

    FakeTrainer(List<List<Double>> aucs, List<List<Integer>> rounds, Rows driverRows) {
      this.aucs = aucs;
      this.rounds = rounds;
      this.driverRows = driverRows;
    }

    @Override
    public CrossValidation.Result crossValidate(List<XgbParams> grid, Function<XgbParams, Map<String, Object>> booster,
                                                SearchBudget budget) {
      askedFor.addAll(grid);
      List<CrossValidation.Point> points = new ArrayList<>();
      for (int i = 0; i < grid.size(); i++) {
        boosters.add(booster.apply(grid.get(i)));
        points.add(new CrossValidation.Point(grid.get(i), aucs.get(i).stream().map(TuneParametersTest::fold).toList(),
            rounds.get(i), 1.0));
      }
      CrossValidation.Point best = points.stream().max((a, b) -> Double.compare(a.meanAuc(), b.meanAuc())).get();
      // out-of-fold scores that separate the labels imperfectly, as a real CV's would
      double[] scores = {0.1, 0.4, 0.35, 0.8, 0.2, 0.7, 0.6, 0.9};
      double[] labels = {0, 0, 1, 1, 0, 1, 0, 1};
      return new CrossValidation.Result(points, best, points.size() * 3, 2.0, List.of(),
          new CrossValidation.OutOfFold(scores, labels));
    }

    @Override
    public Rows driverRows() {
      return driverRows;
    }

    @Override
    public String engine() {
      return driverRows == null ? "distributed" : "native";
    }

    @Override
    public String cvMode() {
      return "full";
    }

    @Override
    public long rows() {
      return 8;
    }

    @Override
    public Map<String, Double> presentShare(List<String> features) {
      throw new UnsupportedOperationException("not part of the search");
    }

    @Override
    public Map<String, Double> singleFeatureAuc(FeatureCatalog catalog, List<String> features) {
      throw new UnsupportedOperationException("not part of the search");
    }

    @Override
    public NativeXgb.Fit fit(XgbParams p, Map<String, Object> booster, int rounds) {
      throw new UnsupportedOperationException("the search fits nothing itself");
    }

    @Override
    public NativeXgb.Fit refit(XgbParams p, Map<String, Object> booster, int rounds, Rows holdout) {
      throw new UnsupportedOperationException("the search fits nothing itself");
    }

    @Override
    public void close() {}
  }

  /** The configured search (no reuse), as a night without a champion plans it. */
  static final SearchReuse.Plan SEARCH = searchOf(settings(Map.of()));

  static SearchReuse.Plan searchOf(TrainingSettings s) {
    return new SearchReuse.Plan(s.fit().candidates(), "2026-11-24", s.fit().search().describe());
  }

  static TrainingSettings settings(Map<String, String> keys) {
    return TrainingSettings.from(LeadscoreConfig.defaults(keys));
  }

  @Test
  void theBestCandidateByMeanAucIsChosenWithItsFoldsMeanRounds() {
    TrainingSettings s = settings(Map.of());
    List<XgbParams> grid = s.fit().candidates();
    assertEquals(4, grid.size(), "the default grid: max_depth [3, 5] x min_child_weight [1, 5]");
    FakeTrainer trainer = new FakeTrainer(
        List.of(List.of(0.70, 0.72, 0.71), List.of(0.80, 0.76, 0.78), List.of(0.75, 0.75, 0.75),
            List.of(0.60, 0.90, 0.55)),
        List.of(List.of(50, 50, 50), List.of(10, 21, 30), List.of(80, 80, 80), List.of(5, 5, 5)), null);

    TuneParameters.Tuning t = TuneParameters.run(trainer, s, SETUP, List.of(), List.of(), SEARCH);

    assertEquals(grid, trainer.askedFor, "every configured candidate, in order");
    assertEquals(SETUP.params(grid.get(0)), trainer.boosters.get(0), "each fit's parameters come from the setup");
    assertEquals(3.0, ((Number) trainer.boosters.get(0).get("scale_pos_weight")).doubleValue());
    assertEquals(grid.get(1).withRounds(20), t.chosen(), "the best point's parameters with round(mean(10, 21, 30))");
    assertEquals(t.cv().best(), t.best());
    assertEquals(SETUP.params(t.chosen()), t.booster());
    assertEquals("full", t.cvMode());
  }

  @Test
  void theCalibrationIsFittedOnTheOutOfFoldScoresOrLeftOut() {
    FakeTrainer trainer = new FakeTrainer(List.of(List.of(0.7), List.of(0.8), List.of(0.6), List.of(0.5)),
        List.of(List.of(9), List.of(9), List.of(9), List.of(9)), null);
    TuneParameters.Tuning platt = TuneParameters.run(trainer, settings(Map.of()), SETUP, List.of(), List.of(), SEARCH);
    assertEquals(Calibration.PLATT, platt.calibration().method());
    double[] oof = platt.cv().outOfFold().scores();
    assertEquals(Calibration.platt(oof, platt.cv().outOfFold().labels()), platt.calibration(),
        "Platt scaling on the chosen point's out-of-fold predictions");

    TuneParameters.Tuning none = TuneParameters.run(trainer, settings(Map.of("leadscore.training.calibration", "none")),
        SETUP, List.of(), List.of(), SEARCH);
    assertSame(Calibration.NONE, none.calibration());
  }

  @Test
  void theEnsembleIsOffOrKeptOutWhenTheRowsAreNotOnTheDriver() {
    List<List<Double>> aucs = List.of(List.of(0.7), List.of(0.8), List.of(0.6), List.of(0.5));
    List<List<Integer>> rounds = List.of(List.of(9), List.of(9), List.of(9), List.of(9));
    TuneParameters.Tuning off = TuneParameters.run(new FakeTrainer(aucs, rounds, null), settings(Map.of()), SETUP,
        List.of(), List.of(), SEARCH);
    assertEquals("off", off.why());
    assertNull(off.stacked());

    TuneParameters.Tuning distributed = TuneParameters.run(new FakeTrainer(aucs, rounds, null),
        settings(Map.of("leadscore.training.ensemble.enabled", "true")), SETUP, List.of(), List.of(), SEARCH);
    assertNull(distributed.stacked());
    assertEquals("kept xgboost: the stacked model needs the training rows on the driver (the native engine), "
        + "this run trained distributed", distributed.why());
  }

  @Test
  void aReusedSearchCrossValidatesOnlyItsOneCandidate() {
    TrainingSettings s = settings(Map.of());
    XgbParams champion = s.fit().candidates().get(3);
    FakeTrainer trainer = new FakeTrainer(List.of(List.of(0.8, 0.8)), List.of(List.of(40, 60)), null);
    SearchReuse.Plan reused = new SearchReuse.Plan(List.of(champion), "2026-11-20", "reused v3's parameters");
    TuneParameters.Tuning t = TuneParameters.run(trainer, s, SETUP, List.of(), List.of(), reused);
    assertEquals(List.of(champion), trainer.askedFor);
    assertEquals(champion.withRounds(50), t.chosen(), "rounds found again by early stopping");
    assertSame(reused, t.search());
  }
}
