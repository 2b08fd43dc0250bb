package io.leadscore.scoring;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.models.score.TierSettings;
import io.leadscore.core.LeadscoreException;
import io.leadscore.core.config.LeadscoreConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoringSettingsTest {
  static ScoringSettings load(Map<String, String> o) {
    return ScoringSettings.from(LeadscoreConfig.defaults(o));
  }

  @Test
  void defaultsAreRankTiersAndThreeReasons() {
    ScoringSettings s = load(Map.of());
    assertEquals(TierSettings.Mode.RANK, s.tiers().mode());
    assertArrayEquals(new double[] {0.05, 0.15, 0.30, 0.50}, s.tiers().rankShares(), 1e-12);
    assertEquals(3, s.reasons().count());
    assertEquals(120, s.reasons().maxChars());
    assertFalse(s.reasons().actions().isEmpty());
  }

  @Test
  void badValuesNameTheirKey() {
    var mode = assertThrows(LeadscoreException.class, () -> load(Map.of("leadscore.scoring.tiers.mode", "quantile")));
    assertTrue(mode.getMessage().contains("leadscore.scoring.tiers.mode") && mode.getMessage().contains("quantile"),
        mode.getMessage());
    var old = assertThrows(LeadscoreException.class, () -> load(Map.of("leadscore.scoring.reasons", "3")));
    assertTrue(old.getMessage().contains("leadscore.scoring.reasons.count"), old.getMessage());
    var chars = assertThrows(LeadscoreException.class, () -> load(Map.of("leadscore.scoring.reasons.max_chars", "5")));
    assertTrue(chars.getMessage().contains("max_chars") && chars.getMessage().contains("5"), chars.getMessage());
    var rule = assertThrows(LeadscoreException.class, () -> load(Map.of("leadscore.scoring.actions",
        "[{ feature = meetings_90d, maximum = 0, text = x }]")));
    assertTrue(rule.getMessage().contains("leadscore.scoring.actions[0].maximum"), rule.getMessage());
  }
}
