package io.leadscore.scoring;

import io.leadscore.models.score.ReasonSettings;
import io.leadscore.models.score.TierSettings;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import io.leadscore.ingest.consent.spark.Consent;
import io.leadscore.scoring.errors.ScoringErrors;
import io.leadscore.scoring.writeback.WritebackSettings;

/**
 * Typed, validated settings of the scoring module ({@code leadscore.scoring} and {@code leadscore.writeback}).
 *
 * @param tiers           rank or probability tiers
 * @param reasons         reasons per lead, their length and language, and the next-best-action rules
 * @param batchRows       rows per native XGBoost call inside a Spark partition
 * @param challengerShare share of leads (by stable hash of lead id) scored by the challenger; 0 = off
 * @param consentMaxAgeDays {@code leadscore.consent.max_age_days}: an opt-in older than this, not renewed,
 *                          no longer allows scoring; 0 = never expires
 * @param outOfFold       a static export's training leads are scored by the CV fold model that did not see
 *                        them ({@code leadscore.scoring.out_of_fold})
 */
public record ScoringSettings(TierSettings tiers, ReasonSettings reasons, int batchRows, double challengerShare,
                              WritebackSettings writeback, int consentMaxAgeDays, boolean outOfFold) {
  public ScoringSettings {
    if (batchRows < 1) {
      throw ScoringErrors.atLeast("leadscore.scoring.batch_rows", batchRows, 1);
    }
    if (!(challengerShare >= 0 && challengerShare < 1)) {
      throw ScoringErrors.of("'leadscore.scoring.challenger.share' is %s but must be in [0, 1)",
          challengerShare);
    }
  }

  /** Settings with out-of-fold scoring on (the default). */
  public ScoringSettings(TierSettings tiers, ReasonSettings reasons, int batchRows, double challengerShare,
                         WritebackSettings writeback, int consentMaxAgeDays) {
    this(tiers, reasons, batchRows, challengerShare, writeback, consentMaxAgeDays, true);
  }

  public static ScoringSettings from(Config c) {
    Config s = c.getConfig("leadscore.scoring");
    if (s.getValue("reasons").valueType() != ConfigValueType.OBJECT) {
      throw ScoringErrors.of("'leadscore.scoring.reasons' is %s, but it is a section now: set "
          + "'leadscore.scoring.reasons.count' instead", s.getValue("reasons").unwrapped());
    }
    return new ScoringSettings(TierSettings.from(s.getConfig("tiers")), ReasonSettings.from(s),
        s.getInt("batch_rows"), s.getDouble("challenger.share"), WritebackSettings.from(c), Consent.maxAgeDays(c),
        s.getBoolean("out_of_fold"));
  }

  /** The sink name ({@code csv}, {@code jdbc} or {@code http}). */
  public String sink() {
    return writeback.sink();
  }

  public ScoringSettings withChallengerShare(double share) {
    return new ScoringSettings(tiers, reasons, batchRows, share, writeback, consentMaxAgeDays, outOfFold);
  }
}
