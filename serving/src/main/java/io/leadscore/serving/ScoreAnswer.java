package io.leadscore.serving;

import io.leadscore.serving.store.LeadScore;
import java.time.LocalDate;

/**
 * One lead's answer: its score (with model and date), the night whose features it used, where it came from and
 * how long it took.
 *
 * @param source online (scored now), nightly (the night's score: no online model, or the lead's own row),
 *               fallback (the night's score because the feature lookup missed the deadline or failed)
 */
public record ScoreAnswer(String leadId, LeadScore score, LocalDate featureDate, String source, double latencyMs) {
  public static final String ONLINE = "online";
  public static final String NIGHTLY = "nightly";
  public static final String FALLBACK = "fallback";

  ScoreAnswer withLatency(double ms) {
    return new ScoreAnswer(leadId, score, featureDate, source, ms);
  }
}
