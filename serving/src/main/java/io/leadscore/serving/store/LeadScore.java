package io.leadscore.serving.store;

import java.time.LocalDate;
import java.util.List;

/**
 * A score with its model and date: a lead's row of {@code lead_scores} (what the fallback answers) or an online one.
 *
 * @param route the fit of the version that scored it ({@code ScoringModel.route()}: the arm, or a static export's
 *              fold model or evaluated fit, from the row's {@code score_source}/{@code score_fold}); null when unknown
 */
public record LeadScore(double probability, int score, String tier, List<String> reasons, String action,
                        ModelRef model, LocalDate scoreDate, String route) {
  public LeadScore {
    reasons = List.copyOf(reasons);
  }

  public LeadScore(double probability, int score, String tier, List<String> reasons, String action, ModelRef model,
                   LocalDate scoreDate) {
    this(probability, score, tier, reasons, action, model, scoreDate, null);
  }
}
