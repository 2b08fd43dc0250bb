package io.leadscore.training;

import io.leadscore.training.search.XgbParams;
import java.util.Map;

/**
 * What every fit of a run shares besides its grid point: the positive-class weight ("auto": negatives over
 * positives of the training rows), the seed and the thread count.
 */
public record BoosterSetup(double scalePosWeight, long seed, int threads) {
  public static BoosterSetup of(TrainingSettings s, TrainingSplit split) {
    double spw = s.fit().scalePosWeight().equals("auto")
        ? (split.trainRows() - split.trainPositives()) / (double) Math.max(1, split.trainPositives())
        : Double.parseDouble(s.fit().scalePosWeight());
    return new BoosterSetup(spw, s.cv().seed(), s.fit().effectiveThreads());
  }

  /** XGBoost's parameters for grid point {@code p}. */
  Map<String, Object> params(XgbParams p) {
    return p.booster(scalePosWeight, seed, threads);
  }
}
