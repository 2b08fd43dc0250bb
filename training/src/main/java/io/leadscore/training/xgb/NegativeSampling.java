package io.leadscore.training.xgb;

import io.leadscore.training.errors.TrainingErrors;
import java.util.SplittableRandom;

/**
 * Negative downsampling with weights ({@code leadscore.training.negative_sample_rate}): every positive row is kept,
 * each negative with probability {@code rate}, and a kept negative weighs {@code 1 / rate}, so the weighted base rate
 * (and so the model's probabilities) stay those of the full rows while a fit reads fewer of them. Only the rows a
 * model is fitted on are sampled: CV folds, the early-stopping split and the holdout are judged on every row.
 */
public final class NegativeSampling {
  private final double rate;
  private final long seed;

  /** {@code rate} in (0, 1]; 1 keeps every row (off). */
  public NegativeSampling(double rate, long seed) {
    if (!(rate > 0 && rate <= 1)) {
      throw TrainingErrors.mustBe("leadscore.training.negative_sample_rate", rate, "in (0, 1] (1 = keep every row)");
    }
    this.rate = rate;
    this.seed = seed;
  }

  public boolean off() {
    return rate >= 1;
  }

  /** The sampled rows with their weights; the same rows in the same order and seed give the same sample. */
  public Rows apply(Rows rows) {
    if (off()) {
      return rows;
    }
    SplittableRandom r = new SplittableRandom(seed);
    boolean[] keep = new boolean[rows.rows()];
    float[] w = new float[rows.rows()];
    float negative = (float) (1 / rate);
    for (int i = 0; i < rows.rows(); i++) {
      // one draw per row whatever its label, so a row's fate does not depend on the labels before it
      double u = r.nextDouble();
      boolean positive = rows.label()[i] == 1f;
      keep[i] = positive || u < rate;
      w[i] = rows.weightOf(i) * (positive ? 1f : negative);
    }
    Rows weighted = new Rows(rows.x(), rows.rows(), rows.cols(), rows.label(), rows.daysToConvert(), rows.fold(),
        rows.validation(), w);
    return weighted.select(keep);
  }

  /** The weighted share of positives: the base rate a model fitted on these rows learns. */
  public static double weightedBaseRate(Rows rows) {
    double pos = 0;
    double all = 0;
    for (int i = 0; i < rows.rows(); i++) {
      all += rows.weightOf(i);
      pos += rows.label()[i] == 1f ? rows.weightOf(i) : 0;
    }
    return all == 0 ? Double.NaN : pos / all;
  }
}
