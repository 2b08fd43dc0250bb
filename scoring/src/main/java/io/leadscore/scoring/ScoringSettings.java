package io.leadscore.scoring;

import com.typesafe.config.Config;
import io.leadscore.features.LeadscoreException;
import io.leadscore.features.consent.spark.Consent;
import io.leadscore.scoring.writeback.WritebackSettings;

/**
 * Typed, validated settings of the scoring module ({@code leadscore.scoring} and {@code leadscore.writeback}).
 *
 * @param batchRows       rows per native XGBoost call inside a Spark partition
 * @param challengerShare share of leads (by stable hash of lead id) scored by the challenger; 0 = off
 * @param consentMaxAgeDays {@code leadscore.consent.max_age_days}: an opt-in older than this, not renewed,
 *                          no longer allows scoring; 0 = never expires
 */
public record ScoringSettings(ScoreTiers tiers, int reasons, int batchRows, double challengerShare,
                              WritebackSettings writeback, int consentMaxAgeDays) {
  public ScoringSettings {
    if (reasons < 0 || reasons > 10) {
      throw LeadscoreException.of("'leadscore.scoring.reasons' is %d but must be in 0..10", reasons);
    }
    if (batchRows < 1) {
      throw LeadscoreException.of("'leadscore.scoring.batch_rows' is %d but must be >= 1", batchRows);
    }
    if (!(challengerShare >= 0 && challengerShare < 1)) {
      throw LeadscoreException.of("'leadscore.scoring.challenger.share' is %s but must be in [0, 1)",
          challengerShare);
    }
  }

  public static ScoringSettings from(Config c) {
    Config s = c.getConfig("leadscore.scoring");
    return new ScoringSettings(new ScoreTiers(s.getInt("tiers.a"), s.getInt("tiers.b"), s.getInt("tiers.c")),
        s.getInt("reasons"), s.getInt("batch_rows"), s.getDouble("challenger.share"), WritebackSettings.from(c),
        Consent.maxAgeDays(c));
  }

  /** The sink name ({@code csv}, {@code jdbc} or {@code http}). */
  public String sink() {
    return writeback.sink();
  }

  public ScoringSettings withTiers(ScoreTiers t) {
    return new ScoringSettings(t, reasons, batchRows, challengerShare, writeback, consentMaxAgeDays);
  }

  public ScoringSettings withChallengerShare(double share) {
    return new ScoringSettings(tiers, reasons, batchRows, share, writeback, consentMaxAgeDays);
  }
}
