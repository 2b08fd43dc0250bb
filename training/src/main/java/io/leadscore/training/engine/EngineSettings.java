package io.leadscore.training.engine;

import com.typesafe.config.Config;
import io.leadscore.training.TrainingErrors;
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

  public static EngineSettings from(Config training) {
    String word = training.getString("engine").trim().toUpperCase(Locale.ROOT);
    Engine engine;
    try {
      engine = Engine.valueOf(word);
    } catch (IllegalArgumentException e) {
      throw TrainingErrors.of("'leadscore.training.engine' is '%s' but must be auto, native or distributed",
          training.getString("engine"));
    }
    Config d = training.getConfig("distributed");
    EngineSettings s = new EngineSettings(engine, training.getDouble("driver_heap_share"), d.getInt("workers"),
        d.getDouble("cv_fraction"), d.getInt("cv_max_grid_points"));
    s.validate();
    return s;
  }

  private void validate() {
    if (!(driverHeapShare > 0 && driverHeapShare <= 1)) {
      throw TrainingErrors.mustBe("leadscore.training.driver_heap_share", driverHeapShare, "in (0, 1]");
    }
    if (workers < 0) {
      throw TrainingErrors.mustBe("leadscore.training.distributed.workers", workers,
          ">= 0 (0 = the cluster's default parallelism)");
    }
    if (!(cvFraction > 0 && cvFraction <= 1)) {
      throw TrainingErrors.mustBe("leadscore.training.distributed.cv_fraction", cvFraction, "in (0, 1]");
    }
    if (cvMaxGridPoints < 0) {
      throw TrainingErrors.mustBe("leadscore.training.distributed.cv_max_grid_points", cvMaxGridPoints,
          ">= 0 (0 = every grid point)");
    }
  }
}
