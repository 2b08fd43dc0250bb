package io.leadscore.training.engine;

import io.leadscore.training.errors.TrainingErrors;
import java.util.Locale;

/**
 * Whether the training rows fit the driver, decided from row counts before anything is collected.
 *
 * <p>The estimate: the native path holds the rows as 4-byte floats, row-major. Collecting streams them
 * into one array (one copy); cross-validation then keeps, per fold, that fold's fit, validation and test
 * rows (together one more copy per fold) and builds each fold's complement transiently (up to one more).
 * So the heap holds about {@code 4 x (folds + 2)} bytes a cell (20 with 3 folds), training and holdout
 * rows alike. XGBoost's own DMatrix and histograms live off the Java heap, outside this estimate.
 */
public final class DriverMemory {
  /** A training-set cell (one feature of one row) as a float. */
  public static final int BYTES_PER_FLOAT = 4;

  private final long maxHeapBytes;
  private final double share;

  /** @param maxHeapBytes the driver's max heap ({@code Runtime.maxMemory()}) */
  public DriverMemory(long maxHeapBytes, double share) {
    this.maxHeapBytes = maxHeapBytes;
    this.share = share;
  }

  public static DriverMemory ofThisJvm(double share) {
    return new DriverMemory(Runtime.getRuntime().maxMemory(), share);
  }

  /** Heap bytes per cell while training natively with k folds. */
  public static long bytesPerCell(int folds) {
    return (long) BYTES_PER_FLOAT * (folds + 2);
  }

  /** The native path's estimated heap need for {@code rows x cols} cells. */
  public static long nativeBytes(long rows, int cols, int folds) {
    return rows * cols * bytesPerCell(folds);
  }

  /** The bytes the native path may use: the share of the max heap. */
  public long budget() {
    return (long) (maxHeapBytes * share);
  }

  public boolean fits(long rows, int cols, int folds) {
    return nativeBytes(rows, cols, folds) <= budget();
  }

  /**
   * Whether the holdout fits the driver on the distributed engine, which always scores it there: against
   * the whole heap (the share is the native path's budget for all rows), one copy collected and one for
   * the champion's inputs, with half the heap left to the rest of the driver.
   */
  public boolean holdoutFits(long rows, int cols) {
    return holdoutBytes(rows, cols) <= maxHeapBytes / 2;
  }

  public static long holdoutBytes(long rows, int cols) {
    return rows * cols * 2L * BYTES_PER_FLOAT;
  }

  /** The engine a run uses; AUTO resolves by the estimate, NATIVE fails when the rows do not fit. */
  public Choice choose(EngineSettings.Engine configured, long rows, int cols, int folds) {
    boolean fits = fits(rows, cols, folds);
    String sizes = describe(rows, cols, folds);
    return switch (configured) {
      case DISTRIBUTED -> new Choice(EngineSettings.Engine.DISTRIBUTED, "engine = distributed (" + sizes + ")");
      case NATIVE -> {
        if (!fits) {
          throw TrainingErrors.of("Training needs about %s of driver heap for %d rows x %d features (%d bytes a cell "
              + "with %d folds), above leadscore.training.driver_heap_share=%s of the %s max heap (%s): give the driver "
              + "more heap (spark-submit --driver-memory, or -Xmx), or set leadscore.training.engine = distributed "
              + "(or auto)", mib(nativeBytes(rows, cols, folds)), rows, cols, bytesPerCell(folds), folds, share,
              mib(maxHeapBytes), mib(budget()));
        }
        yield new Choice(EngineSettings.Engine.NATIVE, "engine = native (" + sizes + ")");
      }
      case AUTO -> new Choice(fits ? EngineSettings.Engine.NATIVE : EngineSettings.Engine.DISTRIBUTED,
          "engine = auto: " + (fits ? "native, " : "distributed, ") + sizes);
    };
  }

  private String describe(long rows, int cols, int folds) {
    return String.format(Locale.ROOT, "%d rows x %d features need about %s on the driver, budget %s = %s x %s max heap",
        rows, cols, mib(nativeBytes(rows, cols, folds)), mib(budget()), share, mib(maxHeapBytes));
  }

  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }

  /** The resolved engine and why. */
  public record Choice(EngineSettings.Engine engine, String reason) {
    public boolean distributed() {
      return engine == EngineSettings.Engine.DISTRIBUTED;
    }
  }
}
