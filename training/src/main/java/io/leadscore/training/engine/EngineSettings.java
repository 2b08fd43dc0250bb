package io.leadscore.training.engine;

import io.leadscore.core.config.SettingsReader;
import java.util.Locale;

/**
 * Where training runs ({@code leadscore.training.engine} and {@code leadscore.training.distributed}).
 *
 * @param engine          auto, native or distributed
 * @param driverHeapShare the share of the driver's max heap the native path may fill with training rows
 * @param workers         xgboost4j-spark workers (barrier tasks); 0 = the cluster's default parallelism
 * @param cvFraction      the share of training leads (by hash) the distributed CV fits on; 1 = all
 * @param cvMaxGridPoints the distributed CV searches at most this many grid points (in grid order); 0 = all
 */
public record EngineSettings(Engine engine, double driverHeapShare, int workers, double cvFraction,
                             int cvMaxGridPoints) {

  /** The configured engine; AUTO is resolved per run by {@link DriverMemory}. */
  public enum Engine {
    AUTO, NATIVE, DISTRIBUTED;

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** {@code leadscore.training.engine}, also named by the check that negative sampling runs natively. */
  public static final String KEY = "engine";

  public static EngineSettings from(SettingsReader t) {
    SettingsReader d = t.at("distributed");
    return new EngineSettings(
        t.string(KEY, EngineSettings::parse, e -> e != null, "auto, native or distributed"),
        t.number("driver_heap_share", v -> v > 0 && v <= 1, "in (0, 1]"),
        d.integer("workers", v -> v >= 0, ">= 0 (0 = the cluster's default parallelism)"),
        d.number("cv_fraction", v -> v > 0 && v <= 1, "in (0, 1]"),
        d.integer("cv_max_grid_points", v -> v >= 0, ">= 0 (0 = every grid point)"));
  }

  private static Engine parse(String word) {
    try {
      return Engine.valueOf(word.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
