package io.leadscore.training;

import io.leadscore.training.engine.DriverMemory;
import io.leadscore.training.xgb.Rows;

/**
 * The training rows and the holdout, and where they came from. The holdout is always on the driver (metrics, the
 * champion comparison); the training rows are on the driver ({@code train}) for the native engine, and null for the
 * distributed one, whose rows stay with the engine.
 *
 * @param inputVersion the Delta version of {@code training_set} read
 * @param engine       the engine the row counts chose, and why
 */
public record TrainingSplit(Rows train, Rows holdout, long trainRows, long trainPositives, Window window,
                            long inputVersion, DriverMemory.Choice engine) {
  /** True for a single-snapshot export (one row per lead), where out-of-fold scores apply. */
  public boolean staticExport() {
    return window.staticExport();
  }

  public String holdoutKind() {
    return window.holdoutKind();
  }

  public String describeHoldout() {
    return window.describe();
  }

  /**
   * When the training rows and the holdout were taken: the holdout's kind ("out_of_time" or
   * {@code lead_hash}), the first training snapshot, the last one, and the first holdout snapshot.
   */
  public record Window(String holdoutKind, String trainFrom, String trainTo, String holdoutFrom) {
    /** The lead-hash kind: a static export, whose training leads are also the leads that get scored. */
    public static final String LEAD_HASH = "lead_hash";

    public boolean staticExport() {
      return holdoutKind.equals(LEAD_HASH);
    }

    public String describe() {
      return holdoutKind.equals("out_of_time")
          ? "out of time: snapshots from " + holdoutFrom + " (training snapshots up to " + trainTo + ")"
          : "lead-hash: a share of leads held out (one snapshot date " + trainTo + ", no out-of-time holdout possible)";
    }
  }
}
