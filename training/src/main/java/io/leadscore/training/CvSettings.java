package io.leadscore.training;

import io.leadscore.core.config.SettingsReader;

/**
 * How a candidate is judged ({@code leadscore.training}): the lead-grouped folds, the out-of-time holdout (or the
 * hashed one of a single-date export), the early-stopping split, and the holdout's top share and calibration bins.
 *
 * @param seed               the seed of the lead-hash splits, the monitoring reference sample and XGBoost's sampling
 * @param holdoutSnapshots   the out-of-time holdout: this many latest complete snapshots
 * @param holdoutFraction    with a single snapshot date, this share of leads (by hash) is the holdout
 * @param validationFraction this share of the training leads (by hash) is the early-stopping split of every fit
 * @param topFraction        the share of top-scored leads for precision and lift ("top 20%")
 * @param calibrationBins    equal bins of the calibration curve and the expected calibration error
 */
public record CvSettings(int folds, long seed, int holdoutSnapshots, double holdoutFraction,
                         double validationFraction, int earlyStoppingRounds, double topFraction, int calibrationBins) {

  static CvSettings from(SettingsReader t) {
    return new CvSettings(
        t.integer("folds", v -> v >= 2, ">= 2"),
        t.longValue("seed", v -> true, "a number"),
        t.integer("holdout_snapshots", v -> v >= 1, ">= 1"),
        fraction(t, "holdout_fraction"),
        fraction(t, "validation_fraction"),
        t.integer("early_stopping_rounds", v -> v >= 1, ">= 1"),
        fraction(t, "top_fraction"),
        t.integer("calibration_bins", v -> v >= 2, ">= 2"));
  }

  private static double fraction(SettingsReader t, String key) {
    return t.number(key, v -> v > 0 && v < 1, "in (0, 1)");
  }
}
