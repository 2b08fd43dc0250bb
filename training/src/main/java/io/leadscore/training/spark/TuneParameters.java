package io.leadscore.training.spark;

import io.leadscore.training.TrainingSettings;
import io.leadscore.training.XgbParams;
import io.leadscore.training.xgb.CrossValidation;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The grid search: lead-grouped k-fold CV with early stopping over every grid point; the best point's
 * parameters with its mean early-stopping round count are the final model's.
 */
final class TuneParameters {
  private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class); // the run logs as one job

  /**
   * The search and its choice. {@code cv} holds the chosen point's fold models (disposed once the model
   * folder is written); {@code setup} is what every fit shares; {@code cvMode} is what CV ran on ("full"
   * or the sample and grid points it was cut to).
   */
  record Tuning(CrossValidation.Result cv, XgbParams chosen, BoosterSetup setup, String cvMode) {
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
    CrossValidation.Result cv = trainer.crossValidate(s.gridPoints(), setup::params);
    CrossValidation.Point best = cv.best();
    for (CrossValidation.Point p : cv.points()) {
      LOG.info("CV {}: mean AUC {} rounds {} ({} s)", p.params().label(), String.format("%.4f", p.meanAuc()),
          p.bestRounds(), String.format("%.1f", p.seconds()));
    }
    XgbParams chosen = best.params().withRounds(best.meanRounds());
    return new Tuning(cv, chosen, setup, trainer.cvMode());
  }
}
