package io.leadscore.training.spark;

import io.leadscore.training.TrainingSettings;
import io.leadscore.training.XgbParams;
import io.leadscore.training.xgb.CrossValidation;
import io.leadscore.models.score.Calibration;
import io.leadscore.training.search.SearchBudget;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search (the grid, or a seeded random search, within its time budget): lead-grouped k-fold CV with early
 * stopping over each candidate; the best candidate's parameters with its mean early-stopping round count are the
 * final model's, and its out-of-fold predictions fit the calibration.
 */
final class TuneParameters {
  private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class); // the run logs as one job

  /**
   * The search and its choice. {@code cv} holds the chosen point's fold models (disposed once the model
   * folder is written); {@code setup} is what every fit shares; {@code cvMode} is what CV ran on ("full"
   * or the sample and grid points it was cut to).
   */
  record Tuning(CrossValidation.Result cv, XgbParams chosen, BoosterSetup setup, String cvMode,
                Calibration calibration) {
    CrossValidation.Point best() {
      return cv.best();
    }

    /** XGBoost's parameters for the chosen point (a new map each time: a fit may keep or change its own). */
    Map<String, Object> booster() {
      return setup.params(chosen);
    }
  }

  private TuneParameters() {}

  static Tuning run(Trainer trainer, TrainingSettings s, BoosterSetup setup) {
    List<XgbParams> candidates = s.candidates();
    CrossValidation.Result cv = trainer.crossValidate(candidates, setup::params, SearchBudget.of(s.search().budgetSeconds()));
    if (cv.points().size() < candidates.size()) {
      LOG.info("Search budget of {} s: {} of {} candidates ran", s.search().budgetSeconds(), cv.points().size(),
          candidates.size());
    }
    CrossValidation.Point best = cv.best();
    for (CrossValidation.Point p : cv.points()) {
      LOG.info("CV {}: mean AUC {} rounds {} ({} s)", p.params().label(), String.format("%.4f", p.meanAuc()),
          p.bestRounds(), String.format("%.1f", p.seconds()));
    }
    XgbParams chosen = best.params().withRounds(best.meanRounds());
    // fitted on predictions of rows their model did not see: an in-sample fit would learn the booster's overconfidence
    Calibration calibration = s.calibration().equals(Calibration.PLATT)
        ? Calibration.platt(cv.outOfFold().scores(), cv.outOfFold().labels()) : Calibration.NONE;
    LOG.info("Calibration: {} on {} out-of-fold predictions", calibration.describe(), cv.outOfFold().scores().length);
    return new Tuning(cv, chosen, setup, trainer.cvMode(), calibration);
  }
}
