package io.leadscore.training;

import io.leadscore.training.search.XgbParams;
import io.leadscore.training.errors.TrainingErrors;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import io.leadscore.core.config.SettingsReader;
import io.leadscore.training.search.RandomSearch;
import io.leadscore.training.search.SearchSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a model is fitted ({@code leadscore.training}): XGBoost's parameters, the grid or random search over them,
 * the class weight, threads, negative downsampling, the probability calibration and the refit on the holdout.
 *
 * @param grid               per grid key its values (search kind grid)
 * @param scalePosWeight     "auto" or a number > 0
 * @param threads            XGBoost threads per fit; 0 = every core
 * @param negativeSampleRate 1 = every row; r in (0, 1) keeps a share r of the negatives, each weighted 1/r
 * @param calibration        one of {@link #CALIBRATIONS}
 * @param refitWithHoldout   after the decision, refit on the training rows and the holdout
 */
public record FitSettings(XgbParams params, Map<String, List<Double>> grid, SearchSettings search,
                          String scalePosWeight, int threads, double negativeSampleRate, String calibration,
                          boolean refitWithHoldout) {

  /** The grid keys and the hyper-parameters they override. */
  public static final Set<String> GRID_KEYS =
      Set.of("max_depth", "eta", "min_child_weight", "subsample", "colsample_bytree", "lambda", "alpha");

  /** {@code leadscore.training.calibration}: none, or Platt scaling fitted on the out-of-fold predictions. */
  public static final List<String> CALIBRATIONS = List.of("none", "platt");

  /** {@code leadscore.training.negative_sample_rate}, also named by the check against the distributed engine. */
  public static final String NEGATIVE_SAMPLE_RATE = "negative_sample_rate";

  public FitSettings {
    grid = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(grid));
  }

  static FitSettings from(SettingsReader t) {
    XgbParams params = new XgbParams(
        t.integer("num_round", v -> v >= 1, ">= 1"),
        t.integer("max_depth", v -> v >= 1, ">= 1"),
        t.number("eta", v -> v > 0, "> 0"),
        t.number("min_child_weight", v -> v >= 0, ">= 0"),
        t.number("subsample", v -> v > 0 && v <= 1, "in (0, 1]"),
        t.number("colsample_bytree", v -> v > 0 && v <= 1, "in (0, 1]"),
        t.number("lambda", v -> v >= 0, ">= 0"),
        t.number("alpha", v -> v >= 0, ">= 0 (0 = no L1 regularisation)"));
    return new FitSettings(params, grid(t.at("grid")), SearchSettings.from(t),
        t.string("scale_pos_weight", String::trim, FitSettings::autoOrPositive, "auto or a number > 0"),
        t.integer("threads", v -> v >= 0, ">= 0 (0 = every core)"),
        t.number(NEGATIVE_SAMPLE_RATE, v -> v > 0 && v <= 1,
            "in (0, 1] (1 = every row; 0.25 keeps a quarter of the negatives, each weighted 4)"),
        t.string("calibration", String::trim, CALIBRATIONS::contains, "one of " + CALIBRATIONS),
        t.flag("refit_with_holdout"));
  }

  private static boolean autoOrPositive(String v) {
    try {
      return v.equals("auto") || Double.parseDouble(v) > 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static Map<String, List<Double>> grid(SettingsReader g) {
    Map<String, List<Double>> grid = new LinkedHashMap<>();
    for (String key : g.config().root().keySet().stream().sorted().toList()) {
      if (!GRID_KEYS.contains(key)) {
        throw TrainingErrors.of("'%s' is not a grid parameter; use one of %s", g.key(key),
            GRID_KEYS.stream().sorted().toList());
      }
      List<Double> values = gridValues(g, key);
      if (values.isEmpty()) {
        throw TrainingErrors.of("'%s' is an empty list", g.key(key));
      }
      grid.put(key, values);
    }
    return grid;
  }

  /** A grid entry: a HOCON list, one number, or "3,5" (what --set key=value passes). */
  private static List<Double> gridValues(SettingsReader g, String key) {
    Config c = g.config();
    if (c.getValue(key).valueType() == ConfigValueType.LIST) {
      return new ArrayList<>(c.getDoubleList(key));
    }
    List<Double> out = new ArrayList<>();
    for (String part : c.getString(key).split(",")) {
      try {
        out.add(Double.parseDouble(part.trim()));
      } catch (NumberFormatException e) {
        throw TrainingErrors.of("'%s' has '%s', not a number; write a list like [3, 5]", g.key(key), part.trim());
      }
    }
    return out;
  }

  /** XGBoost threads: the configured count, or every core the JVM sees. */
  public int effectiveThreads() {
    return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
  }

  /** What CV searches: the grid's points, or the random search's trials (trial 0 the configured parameters). */
  public List<XgbParams> candidates() {
    return search.kind() == SearchSettings.Kind.RANDOM ? RandomSearch.candidates(params, search) : gridPoints();
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
