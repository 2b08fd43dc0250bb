package io.leadscore.training;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed, validated settings of the training module ({@code leadscore.training}, {@code .promotion},
 * {@code .leakage}, {@code .mlflow}); {@code ensemble} is {@code leadscore.training.ensemble}.
 */
public record TrainingSettings(int folds, long seed, int holdoutSnapshots, double holdoutFraction,
                               double validationFraction, int earlyStoppingRounds, XgbParams params,
                               Map<String, List<Double>> grid, String scalePosWeight, int threads,
                               io.leadscore.training.engine.EngineSettings engine, double topFraction, int calibrationBins,
                               double leakageAucThreshold, double minAucGain, double aucFloor, double precisionFloor,
                               double maxAucJump, boolean allowLeakage, String trackingUri, String experiment,
                               String registeredModel, double confidence, boolean allowIncomparable,
                               double maxGainShare, double maxGainShareJump, boolean refitWithHoldout,
                               double negativeSampleRate, io.leadscore.training.search.SearchSettings search,
                               String calibration, io.leadscore.training.ensemble.EnsembleSettings ensemble) {

  /** The grid keys and the hyper-parameters they override. */
  public static final Set<String> GRID_KEYS =
      Set.of("max_depth", "eta", "min_child_weight", "subsample", "colsample_bytree", "lambda", "alpha");

  /** {@code leadscore.training.calibration}: none, or Platt scaling fitted on the out-of-fold predictions. */
  public static final List<String> CALIBRATIONS = List.of("none", "platt");

  public static TrainingSettings from(Config c) {
    try {
      Config t = c.getConfig("leadscore.training");
      Config p = c.getConfig("leadscore.promotion");
      Config m = c.getConfig("leadscore.mlflow");
      XgbParams params = new XgbParams(t.getInt("num_round"), t.getInt("max_depth"), t.getDouble("eta"),
          t.getDouble("min_child_weight"), t.getDouble("subsample"), t.getDouble("colsample_bytree"),
          t.getDouble("lambda"), t.getDouble("alpha"));
      Map<String, List<Double>> grid = new LinkedHashMap<>();
      Config g = t.getConfig("grid");
      for (String key : g.root().keySet().stream().sorted().toList()) {
        if (!GRID_KEYS.contains(key)) {
          throw TrainingErrors.of("'leadscore.training.grid.%s' is not a grid parameter; use one of %s", key,
              GRID_KEYS.stream().sorted().toList());
        }
        List<Double> values = gridValues(g, key);
        if (values.isEmpty()) {
          throw TrainingErrors.of("'leadscore.training.grid.%s' is an empty list", key);
        }
        grid.put(key, values);
      }
      TrainingSettings s = new TrainingSettings(t.getInt("folds"), t.getLong("seed"), t.getInt("holdout_snapshots"),
          t.getDouble("holdout_fraction"), t.getDouble("validation_fraction"), t.getInt("early_stopping_rounds"),
          params, grid, t.getString("scale_pos_weight"), t.getInt("threads"),
          io.leadscore.training.engine.EngineSettings.from(t), t.getDouble("top_fraction"), t.getInt("calibration_bins"),
          c.getDouble("leadscore.features.leakage_auc_threshold"), p.getDouble("min_auc_gain"), p.getDouble("auc_floor"),
          p.getDouble("precision_floor"), p.getDouble("max_auc_jump"), p.getBoolean("allow_leakage"),
          m.getString("tracking_uri"), m.getString("experiment"), m.getString("registered_model"),
          p.getDouble("confidence"), p.getBoolean("allow_incomparable"),
          c.getDouble("leadscore.leakage.max_gain_share"), c.getDouble("leadscore.leakage.max_gain_share_jump"),
          t.getBoolean("refit_with_holdout"), t.getDouble("negative_sample_rate"),
          io.leadscore.training.search.SearchSettings.from(t), t.getString("calibration"),
          io.leadscore.training.ensemble.EnsembleSettings.from(t));
      s.validate();
      return s;
    } catch (ConfigException e) {
      throw TrainingErrors.wrap("Bad training setting: " + e.getMessage(), e);
    }
  }

  /** A grid entry: a HOCON list, one number, or "3,5" (what --set key=value passes). */
  private static List<Double> gridValues(Config g, String key) {
    if (g.getValue(key).valueType() == com.typesafe.config.ConfigValueType.LIST) {
      return new ArrayList<>(g.getDoubleList(key));
    }
    List<Double> out = new ArrayList<>();
    for (String part : g.getString(key).split(",")) {
      try {
        out.add(Double.parseDouble(part.trim()));
      } catch (NumberFormatException e) {
        throw TrainingErrors.of("'leadscore.training.grid.%s' has '%s', not a number; write a list like [3, 5]",
            key, part.trim());
      }
    }
    return out;
  }

  private void validate() {
    if (folds < 2) {
      throw TrainingErrors.mustBe("leadscore.training.folds", folds, ">= 2");
    }
    if (holdoutSnapshots < 1) {
      throw TrainingErrors.mustBe("leadscore.training.holdout_snapshots", holdoutSnapshots, ">= 1");
    }
    requireFraction("holdout_fraction", holdoutFraction);
    requireFraction("validation_fraction", validationFraction);
    requireFraction("top_fraction", topFraction);
    if (earlyStoppingRounds < 1) {
      throw TrainingErrors.mustBe("leadscore.training.early_stopping_rounds", earlyStoppingRounds, ">= 1");
    }
    if (!scalePosWeight.equals("auto")) {
      try {
        if (!(Double.parseDouble(scalePosWeight) > 0)) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw TrainingErrors.of("'leadscore.training.scale_pos_weight' is '%s' but must be auto or a number > 0",
            scalePosWeight);
      }
    }
    if (!(leakageAucThreshold > 0.5 && leakageAucThreshold <= 1)) {
      throw TrainingErrors.mustBe("leadscore.features.leakage_auc_threshold", leakageAucThreshold, "in (0.5, 1]");
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw TrainingErrors.mustBe("leadscore.promotion.confidence", confidence, "in (0, 1), e.g. 0.95");
    }
    if (!(maxGainShare > 0 && maxGainShare <= 1)) {
      throw TrainingErrors.mustBe("leadscore.leakage.max_gain_share", maxGainShare, "in (0, 1]");
    }
    if (!(maxGainShareJump > 0 && maxGainShareJump <= 1)) {
      throw TrainingErrors.mustBe("leadscore.leakage.max_gain_share_jump", maxGainShareJump, "in (0, 1]");
    }
    if (!(negativeSampleRate > 0 && negativeSampleRate <= 1)) {
      throw TrainingErrors.mustBe("leadscore.training.negative_sample_rate", negativeSampleRate,
          "in (0, 1] (1 = every row; 0.25 keeps a quarter of the negatives, each weighted 4)");
    }
    if (negativeSampleRate < 1 && engine.engine() == io.leadscore.training.engine.EngineSettings.Engine.DISTRIBUTED) {
      throw TrainingErrors.of("'leadscore.training.negative_sample_rate' is %s but the distributed engine does not "
          + "sample; set it to 1 or use leadscore.training.engine = native", negativeSampleRate);
    }
    if (calibrationBins < 2) {
      throw TrainingErrors.mustBe("leadscore.training.calibration_bins", calibrationBins, ">= 2");
    }
    if (!CALIBRATIONS.contains(calibration)) {
      throw TrainingErrors.of("'leadscore.training.calibration' is '%s'; use one of %s", calibration, CALIBRATIONS);
    }
    params.validate();
  }

  private static void requireFraction(String key, double v) {
    if (!(v > 0 && v < 1)) {
      throw TrainingErrors.mustBe("leadscore.training." + key, v, "in (0, 1)");
    }
  }

  /** XGBoost threads: the configured count, or every core the JVM sees. */
  public int effectiveThreads() {
    return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
  }

  /** What CV searches: the grid's points, or the random search's trials (trial 0 the configured parameters). */
  public List<XgbParams> candidates() {
    return search.kind() == io.leadscore.training.search.SearchSettings.Kind.RANDOM
        ? io.leadscore.training.search.RandomSearch.candidates(params, search) : gridPoints();
  }

  /** The grid as a list of parameter sets (cartesian product over the base parameters), in a fixed order. */
  public List<XgbParams> gridPoints() {
    List<XgbParams> points = new ArrayList<>(List.of(params));
    for (Map.Entry<String, List<Double>> e : grid.entrySet()) {
      List<XgbParams> next = new ArrayList<>();
      for (XgbParams p : points) {
        for (double v : e.getValue()) {
          next.add(p.with(e.getKey(), v));
        }
      }
      points = next;
    }
    return points;
  }
}
