package io.leadscore.scoring;

import java.util.List;
import java.util.Map;

/**
 * What a scoring run did: leads scored (by tier and arm), not scored (by reason), and the CRM delivery in
 * leads: delivered (confirmed), failed (offered, not confirmed) and pending (not offered: error budget
 * spent); failed and pending leads are offered again on the next run. {@code unchanged} leads were not sent.
 *
 * @param changed  score changes to send this run
 * @param heldBack changes not sent because the CRM holds a value of a newer score date (a backfill)
 * @param cleared  clears to send this run (leads opted out or whose consent expired, with a delivered score)
 * @param resent   leads of batches an earlier run left pending, sent again with their original keys
 * {@code tierMode} is {@code rank} or {@code probability}; {@code tierRates} each tier's conversion rate on
 * the champion's training holdout, where known (empty otherwise).
 */
public record ScoreResult(long scored, Map<String, Long> byTier, Map<String, Long> byArm,
                          Map<String, Long> notScored, long changed, long delivered, long failed, long pending,
                          String target, String modelVersion, String challengerVersion, List<String> errors,
                          long heldBack, long cleared, long resent, String tierMode,
                          Map<String, Double> tierRates) {
  public long unchanged() {
    return scored - changed - heldBack;
  }
}
