package io.leadscore.serving.store;

import java.time.LocalDate;
import java.util.List;

/** A score with its model and date: a lead's row of {@code lead_scores} (what the fallback answers) or an online one. */
public record LeadScore(double probability, int score, String tier, List<String> reasons, String action,
                           ModelRef model, LocalDate scoreDate) {
  public LeadScore {
    reasons = List.copyOf(reasons);
  }
}
