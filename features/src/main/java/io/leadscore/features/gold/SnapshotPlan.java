package io.leadscore.features.gold;

import io.leadscore.features.FeaturesErrors;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Which snapshot dates a run needs: the batch date D (to be scored) and the training snapshots. Training
 * snapshots sit on a fixed calendar, every {@code cadenceDays} from {@code epoch}, so consecutive nights
 * share them and each is computed once and kept; a calendar date is a training snapshot of D once its label
 * horizon has fully passed (snapshot + horizon <= D) and while it is within the look-back (>= D - lookback).
 *
 * @param epoch the calendar's anchor: a date on the calendar (any date before or after the snapshots)
 */
public record SnapshotPlan(LocalDate batchDate, int horizonDays, int cadenceDays, int lookbackDays, LocalDate epoch) {
  /** The default calendar anchor (a Monday): snapshots fall on the same weekday every week. */
  public static final LocalDate DEFAULT_EPOCH = LocalDate.of(2020, 1, 6);

  public SnapshotPlan {
    if (horizonDays < 1 || cadenceDays < 1 || lookbackDays < horizonDays) {
      throw FeaturesErrors.of("'leadscore.label.horizon_days' (%d) and 'leadscore.snapshots.cadence_days' (%d) "
          + "must be >= 1, and 'leadscore.snapshots.lookback_days' (%d) >= the horizon", horizonDays, cadenceDays,
          lookbackDays);
    }
  }

  /**
   * A calendar anchored at D - horizon, so the training snapshots are D - horizon - k * cadence: the dates a
   * single run on a fixed lakehouse (tests, benchmarks) has always used.
   */
  public SnapshotPlan(LocalDate batchDate, int horizonDays, int cadenceDays, int lookbackDays) {
    this(batchDate, horizonDays, cadenceDays, lookbackDays, batchDate.minusDays(horizonDays));
  }

  /** The calendar dates whose horizon has passed at D, within the look-back, newest first. */
  public List<LocalDate> trainingDates() {
    LocalDate first = batchDate.minusDays(lookbackDays);
    List<LocalDate> out = new ArrayList<>();
    for (LocalDate d = onOrBefore(batchDate.minusDays(horizonDays)); !d.isBefore(first); d = d.minusDays(cadenceDays)) {
      out.add(d);
    }
    return out;
  }

  /** D and the training snapshots. */
  public List<LocalDate> allDates() {
    List<LocalDate> out = new ArrayList<>(trainingDates());
    out.add(0, batchDate);
    return out;
  }

  /** Whether D itself is a calendar date (its features are then a future training snapshot). */
  public boolean batchDateOnCalendar() {
    return onOrBefore(batchDate).equals(batchDate);
  }

  /** The latest calendar date on or before {@code date}. */
  LocalDate onOrBefore(LocalDate date) {
    long off = Math.floorMod(ChronoUnit.DAYS.between(epoch, date), (long) cadenceDays);
    return date.minusDays(off);
  }
}
