package io.leadscore.serving.store;

import java.time.LocalDate;
import java.util.List;

/** A lead's row of {@code lead_scores} at the latest score date: what the fallback answers. */
public record NightlyScore(double probability, int score, String tier, List<String> reasons, String action,
                           ModelRef model, LocalDate scoreDate) {
  public NightlyScore {
    reasons = List.copyOf(reasons);
  }
}
