package io.leadscore.features.gold;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Which snapshot dates a run builds: the batch date D (to be scored) and the training snapshots
 * D - horizon - k * cadence that fit in the look-back. A training snapshot is used only once its
 * label horizon has fully passed, i.e. snapshot + horizon <= D.
 */
public record SnapshotPlan(LocalDate batchDate, int horizonDays, int cadenceDays, int lookbackDays) {
  public List<LocalDate> trainingDates() {
    List<LocalDate> out = new ArrayList<>();
    for (LocalDate d = batchDate.minusDays(horizonDays); !d.isBefore(batchDate.minusDays(lookbackDays));
         d = d.minusDays(cadenceDays)) {
      out.add(d);
    }
    return out;
  }

  public List<LocalDate> allDates() {
    List<LocalDate> out = new ArrayList<>(trainingDates());
    out.add(0, batchDate);
    return out;
  }
}
