package io.leadscore.models.score;

import io.leadscore.models.ModelsErrors;
import com.typesafe.config.Config;
import java.util.Locale;

/**
 * How leads get their tier ({@code leadscore.scoring.tiers}): by rank over the night's leads (default) or
 * by fixed probability cut-offs.
 */
public record TierSettings(Mode mode, RankTiers rank, ScoreTiers probability) implements java.io.Serializable {
  /** {@code rank}: shares of the night's leads; {@code probability}: fixed score cut-offs. */
  public enum Mode { RANK, PROBABILITY;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static TierSettings from(Config tiers) {
    String m = tiers.getString("mode");
    Mode mode;
    try {
      mode = Mode.valueOf(m.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ModelsErrors.of("'leadscore.scoring.tiers.mode' is '%s' but must be rank or probability", m);
    }
    return new TierSettings(mode, new RankTiers(tiers.getDouble("rank.a"), tiers.getDouble("rank.b"),
        tiers.getDouble("rank.c")), new ScoreTiers(tiers.getInt("a"), tiers.getInt("b"), tiers.getInt("c")));
  }

  /**
   * The night's tier rule: the fixed cut-offs in probability mode, else the rank cut-offs over the night's
   * probabilities (every lead the night scores). The batch derives it from its first pass, the online service
   * from the night's {@code lead_scores}: one rule, computed here for both.
   */
  public TierRule rule(double[] nightProbabilities) {
    return mode == Mode.PROBABILITY ? probability : rank.cutoffs(nightProbabilities);
  }

  /** The share of leads each tier should hold in rank mode, e.g. A 0.05, B 0.15, C 0.30, D 0.50. */
  public double[] rankShares() {
    return new double[] {rank.a(), rank.b() - rank.a(), rank.c() - rank.b(), 1 - rank.c()};
  }
}
