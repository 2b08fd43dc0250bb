package io.leadscore.features.config;

import static io.leadscore.core.config.CoreSettings.positive;

import com.typesafe.config.Config;
import io.leadscore.features.FeaturesErrors;
import io.leadscore.core.config.CoreSettings;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.ingest.LandingSettings;
import io.leadscore.ingest.privacy.PrivacySettings;
import io.leadscore.features.gold.SnapshotPlan;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Typed, validated settings every command loads: the core's and the landing folder's, grouped, and the
 * features module's own label horizon and snapshot calendar.
 */
public record FeaturesSettings(
    CoreSettings core,
    LandingSettings landing,
    int horizonDays,
    int cadenceDays,
    int lookbackDays,
    LocalDate snapshotEpoch) {

  public static FeaturesSettings from(Config c) {
    Config l = c.getConfig(LeadscoreConfig.ROOT);
    FeaturesSettings s = new FeaturesSettings(
        CoreSettings.from(c),
        LandingSettings.from(c),
        positive(l, "label.horizon_days"),
        positive(l, "snapshots.cadence_days"),
        positive(l, "snapshots.lookback_days"),
        epoch(l));
    // the PII salt is checked here, where every command loads its settings, so a missing salt stops the
    // run before any stage (exit 2)
    PrivacySettings.from(c);
    if (s.lookbackDays < s.horizonDays) {
      throw FeaturesErrors.of("'leadscore.snapshots.lookback_days' is %d but must be >= "
          + "'leadscore.label.horizon_days' (%d): no snapshot's horizon would have passed", s.lookbackDays, s.horizonDays);
    }
    if (s.lookbackDays - s.horizonDays + 1 < s.cadenceDays) {
      // the window [D - lookback, D - horizon] must hold a calendar date whatever the night's weekday
      throw FeaturesErrors.of("'leadscore.snapshots.lookback_days' is %d but must be >= horizon_days + cadence_days - 1 "
          + "(%d): otherwise some nights have no calendar snapshot to train on", s.lookbackDays,
          s.horizonDays + s.cadenceDays - 1);
    }
    return s;
  }

  /** The snapshots a night at {@code date} needs, on the configured calendar. */
  public SnapshotPlan plan(LocalDate date) {
    return new SnapshotPlan(date, horizonDays, cadenceDays, lookbackDays, snapshotEpoch);
  }

  private static LocalDate epoch(Config l) {
    String key = "snapshots.epoch";
    String v = l.getString(key);
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      throw FeaturesErrors.invalidSetting(LeadscoreConfig.ROOT + "." + key, "'" + v + "'",
          "a date like 2020-01-06 (the calendar's anchor; snapshots fall every cadence_days from it)");
    }
  }
}
