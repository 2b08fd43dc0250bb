package io.leadscore.training;

import io.leadscore.training.search.XgbParams;
import io.leadscore.training.xgb.CrossValidation;
import io.leadscore.models.registry.Calibration;
import io.leadscore.training.search.SearchBudget;
import io.leadscore.training.search.SearchReuse;
import io.leadscore.features.catalog.FeatureDefinition;
import io.leadscore.training.ensemble.Stacking;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search (the grid, or a seeded random search, within its time budget): lead-grouped k-fold CV with early
 * stopping over each candidate; the best candidate's parameters with its mean early-stopping round count are the
 * final model's, and its out-of-fold predictions fit the calibration.
 */
public final class TuneParameters {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class); // the run logs as one job

  /**
   * The search and its choice. {@code cv} holds the chosen point's fold models (disposed once the model
   * folder is written); {@code setup} is what every fit shares; {@code cvMode} is what CV ran on ("full"
   * or the sample and grid points it was cut to); {@code stacked} is the stacked candidate fitted on the chosen
   * point's out-of-fold margins (null when the ensemble is off), {@code why} what became of the ensemble so far.
   */
  public record Tuning(CrossValidation.Result cv, XgbParams chosen, BoosterSetup setup, String cvMode,
                Calibration calibration, Stacking.Fitted stacked, String why, SearchReuse.Plan search) {
    public CrossValidation.Point best() {
      return cv.best();
    }

    /** XGBoost's parameters for the chosen point (a new map each time: a fit may keep or change its own). */
    public Map<String, Object> booster() {
      return setup.params(chosen);
    }
  }

  private TuneParameters() {}

  /**
   * With the stacked candidate when the ensemble is on ({@code features} and their definitions, in input order);
   * {@code search} says which candidates tonight's CV runs (the configured search's, or the champion's reused ones).
   */
  static Tuning run(Trainer trainer, TrainingSettings s, BoosterSetup setup, List<String> features,
                    List<FeatureDefinition> definitions, SearchReuse.Plan search) {
    List<XgbParams> candidates = search.candidates();
    CrossValidation.Result cv = trainer.crossValidate(candidates, setup::params,
        SearchBudget.of(s.fit().search().budgetSeconds()));
    if (cv.points().size() < candidates.size()) {
      LOG.info("Search budget of {} s: {} of {} candidates ran", s.fit().search().budgetSeconds(), cv.points().size(),
          candidates.size());
    }
    CrossValidation.Point best = cv.best();
    for (CrossValidation.Point p : cv.points()) {
      LOG.info("CV {}: mean AUC {} rounds {} ({} s)", p.params().label(), String.format("%.4f", p.meanAuc()),
          p.bestRounds(), String.format("%.1f", p.seconds()));
    }
    XgbParams chosen = best.params().withRounds(best.meanRounds());
    // fitted on predictions of rows their model did not see: an in-sample fit would learn the booster's overconfidence
    Calibration calibration = s.fit().calibration().equals(Calibration.PLATT)
        ? Calibration.platt(cv.outOfFold().scores(), cv.outOfFold().labels()) : Calibration.NONE;
    LOG.info("Calibration: {} on {} out-of-fold predictions", calibration.describe(), cv.outOfFold().scores().length);
    Stacking.Fitted stacked = null;
    String why = "off";
    if (s.ensemble().enabled() && trainer.driverRows() == null) {
      why = "kept xgboost: the stacked model needs the training rows on the driver (the native engine), "
          + "this run trained " + trainer.engine();
    } else if (s.ensemble().enabled()) {
      long t0 = System.nanoTime();
      stacked = Stacking.fit(trainer.driverRows(), s.cv().folds(), cv.outOfFold().scores(), features, definitions,
          s.ensemble(), trainer::fitRows);
      why = "stacked candidate " + stacked.stack().describe();
      LOG.info("Ensemble: {} fitted in {} s", stacked.stack().describe(),
          String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    }
    return new Tuning(cv, chosen, setup, trainer.cvMode(), calibration, stacked, why, search);
  }
}
