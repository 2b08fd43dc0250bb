package io.leadscore.features.config;

import static io.leadscore.core.config.CoreSettings.positive;

import com.typesafe.config.Config;
import io.leadscore.features.FeaturesErrors;
import io.leadscore.core.config.CoreSettings;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.ingest.LandingSettings;
import io.leadscore.ingest.privacy.PrivacySettings;

/**
 * Typed, validated settings every command loads: the core's and the landing folder's, grouped, and the
 * features module's own label horizon and snapshot schedule.
 */
public record FeaturesSettings(
    CoreSettings core,
    LandingSettings landing,
    int horizonDays,
    int cadenceDays,
    int lookbackDays) {

  public static FeaturesSettings from(Config c) {
    Config l = c.getConfig(LeadscoreConfig.ROOT);
    FeaturesSettings s = new FeaturesSettings(
        CoreSettings.from(c),
        LandingSettings.from(c),
        positive(l, "label.horizon_days"),
        positive(l, "snapshots.cadence_days"),
        positive(l, "snapshots.lookback_days"));
    // the PII salt is checked here, where every command loads its settings, so a missing salt stops the
    // run before any stage (exit 2)
    PrivacySettings.from(c);
    if (s.lookbackDays < s.horizonDays) {
      throw FeaturesErrors.of("'leadscore.snapshots.lookback_days' is %d but must be >= "
          + "'leadscore.label.horizon_days' (%d): no snapshot's horizon would have passed", s.lookbackDays, s.horizonDays);
    }
    return s;
  }
}
