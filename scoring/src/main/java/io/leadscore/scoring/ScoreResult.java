package io.leadscore.scoring;

import io.leadscore.core.runs.Problem;
import io.leadscore.scoring.writeback.Writeback;
import java.util.List;
import java.util.Map;

/**
 * What a scoring run did: leads scored (by tier and arm), not scored (by reason), the versions that scored
 * them, the CRM delivery, and what makes the run degraded ({@code problems}: undelivered CRM batches, open leads
 * and nothing scored). The accessors below the components read the summary's figures directly.
 */
public record ScoreResult(LeadCounts leads, TierSummary tiers, ModelVersions models, CrmDelivery crm,
                          List<Problem> problems) {
  public ScoreResult {
    problems = List.copyOf(problems);
  }

  /** The result with the problems its figures make ({@code sink}: the configured sink's name, for the messages). */
  public static ScoreResult of(LeadCounts leads, TierSummary tiers, ModelVersions models, CrmDelivery crm,
                               String sink) {
    return new ScoreResult(leads, tiers, models, crm, ScoreProblems.of(leads, crm, sink));
  }

  /** Leads scored, by tier and by arm, and every lead in silver not scored, by reason. */
  public record LeadCounts(long scored, Map<String, Long> byTier, Map<String, Long> byArm,
                           Map<String, Long> notScored) {}

  /**
   * @param mode  {@code rank} or {@code probability}
   * @param rates each tier's conversion rate on the champion's training holdout, where known (empty otherwise)
   */
  public record TierSummary(String mode, Map<String, Double> rates) {}

  /** The champion's version and the challenger's (null: no challenger arm). */
  public record ModelVersions(String champion, String challenger) {}

  /**
   * The CRM delivery, in leads. The report says delivered (confirmed), failed (offered, not confirmed),
   * pending (not offered: error budget spent) and resent; failed and pending leads are offered again on the
   * next run.
   *
   * @param changed  score changes to send this run
   * @param heldBack changes not sent because the CRM holds a value of a newer score date (a backfill)
   * @param cleared  clears to send this run (leads opted out or whose consent expired, with a delivered score)
   */
  public record CrmDelivery(String target, long changed, long heldBack, long cleared, Writeback.Report report) {}

  /** Scored leads that were not sent: their score, tier and reasons are what the CRM holds. */
  public long unchanged() {
    return scored() - changed() - heldBack();
  }

  public long scored() {
    return leads.scored();
  }

  public Map<String, Long> byTier() {
    return leads.byTier();
  }

  public Map<String, Long> byArm() {
    return leads.byArm();
  }

  public Map<String, Long> notScored() {
    return leads.notScored();
  }

  public String tierMode() {
    return tiers.mode();
  }

  public Map<String, Double> tierRates() {
    return tiers.rates();
  }

  public String modelVersion() {
    return models.champion();
  }

  public String challengerVersion() {
    return models.challenger();
  }

  public String target() {
    return crm.target();
  }

  public long changed() {
    return crm.changed();
  }

  public long heldBack() {
    return crm.heldBack();
  }

  public long cleared() {
    return crm.cleared();
  }

  public long delivered() {
    return crm.report().delivered();
  }

  public long failed() {
    return crm.report().failed();
  }

  public long pending() {
    return crm.report().pending();
  }

  public long resent() {
    return crm.report().resent();
  }

  /** Failed CRM batches by kind (no lead ids, no CRM answers). */
  public Map<String, Integer> errorKinds() {
    return crm.report().errorKinds();
  }

  /** The keys of the failed CRM batches (what to look for in the sink's own logs). */
  public List<String> failedBatchKeys() {
    return crm.report().failedKeys();
  }
}
