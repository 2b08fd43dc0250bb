package io.leadscore.training;

import com.typesafe.config.Config;
import io.leadscore.features.LeadscoreException;

/** Typed, validated settings of the training module. */
public record TrainingSettings(int folds, long seed, int holdoutSnapshots, int numRound, int maxDepth, double eta,
                               double minChildWeight, double subsample, double colsampleBytree, int threads,
                               double topFraction, double minAucGain, double aucFloor, double precisionFloor) {

  public static TrainingSettings from(Config c) {
    Config t = c.getConfig("leadscore.training");
    Config p = c.getConfig("leadscore.promotion");
    TrainingSettings s = new TrainingSettings(t.getInt("folds"), t.getLong("seed"), t.getInt("holdout_snapshots"),
        t.getInt("num_round"), t.getInt("max_depth"), t.getDouble("eta"), t.getDouble("min_child_weight"),
        t.getDouble("subsample"), t.getDouble("colsample_bytree"), t.getInt("threads"), t.getDouble("top_fraction"),
        p.getDouble("min_auc_gain"), p.getDouble("auc_floor"), p.getDouble("precision_floor"));
    if (s.folds < 2) {
      throw LeadscoreException.of("'leadscore.training.folds' is %d but must be >= 2", s.folds);
    }
    if (s.holdoutSnapshots < 1) {
      throw LeadscoreException.of("'leadscore.training.holdout_snapshots' is %d but must be >= 1", s.holdoutSnapshots);
    }
    if (s.topFraction <= 0 || s.topFraction >= 1) {
      throw LeadscoreException.of("'leadscore.training.top_fraction' is %s but must be in (0, 1)", s.topFraction);
    }
    if (s.numRound < 1 || s.maxDepth < 1 || s.eta <= 0) {
      throw LeadscoreException.of("XGBoost settings must be positive: num_round=%d, max_depth=%d, eta=%s",
          s.numRound, s.maxDepth, s.eta);
    }
    return s;
  }

  /** XGBoost threads: the configured count, or every core the JVM sees. */
  public int effectiveThreads() {
    return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
  }
}
