package io.leadscore.scoring;

import com.typesafe.config.Config;
import io.leadscore.features.LeadscoreException;
import java.util.Set;

/** Typed, validated settings of the scoring module. */
public record ScoringSettings(ScoreTiers tiers, int reasons, String sink, String outboxDir) {
  public static ScoringSettings from(Config c) {
    Config s = c.getConfig("leadscore.scoring");
    Config w = c.getConfig("leadscore.writeback");
    String sink = w.getString("sink");
    if (!Set.of("csv", "jdbc", "http").contains(sink)) {
      throw LeadscoreException.of("'leadscore.writeback.sink' is '%s'; use csv, jdbc or http", sink);
    }
    int reasons = s.getInt("reasons");
    if (reasons < 0 || reasons > 10) {
      throw LeadscoreException.of("'leadscore.scoring.reasons' is %d but must be in 0..10", reasons);
    }
    return new ScoringSettings(new ScoreTiers(s.getInt("tiers.a"), s.getInt("tiers.b"), s.getInt("tiers.c")),
        reasons, sink, w.getString("outbox_dir"));
  }
}
