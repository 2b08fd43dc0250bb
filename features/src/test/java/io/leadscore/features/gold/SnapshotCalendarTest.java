package io.leadscore.features.gold;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.ConfigFactory;
import io.leadscore.core.LeadscoreException;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.features.config.FeaturesSettings;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Training snapshots on a fixed calendar: consecutive nights share them, so each is computed once. */
class SnapshotCalendarTest {
  static final LocalDate EPOCH = LocalDate.of(2020, 1, 6);

  @Test
  void snapshotsFallOnTheCalendarNotCountedBackFromTheBatchDate() {
    // 2026-10-19 is on the calendar (2020-01-06 + 14 k); D - 30 = 2026-10-25 is not
    var plan = new SnapshotPlan(LocalDate.of(2026, 11, 24), 30, 14, 60, EPOCH);
    assertEquals(List.of(LocalDate.of(2026, 10, 19), LocalDate.of(2026, 10, 5)), plan.trainingDates());
    for (LocalDate d : plan.trainingDates()) {
      assertEquals(0, java.time.temporal.ChronoUnit.DAYS.between(EPOCH, d) % 14, d + " off the calendar");
      assertFalse(d.plusDays(30).isAfter(plan.batchDate()), d + ": horizon not passed");
    }
  }

  @Test
  void consecutiveNightsShareTheirSnapshotsAndANewOneComesRoundEveryCadence() {
    List<LocalDate> previous = null;
    int newSnapshots = 0;
    for (int i = 0; i < 28; i++) {
      var plan = new SnapshotPlan(LocalDate.of(2026, 11, 1).plusDays(i), 30, 14, 196, EPOCH);
      List<LocalDate> dates = plan.trainingDates();
      if (previous != null) {
        List<LocalDate> added = new ArrayList<>(dates);
        added.removeAll(previous);
        assertTrue(added.size() <= 1, "night " + plan.batchDate() + " adds " + added);
        newSnapshots += added.size();
      }
      previous = dates;
    }
    assertEquals(2, newSnapshots, "27 nights, cadence 14: two new calendar snapshots");
  }

  @Test
  void theBatchDateIsOnTheCalendarEveryCadenceDays() {
    assertTrue(new SnapshotPlan(LocalDate.of(2026, 10, 19), 30, 14, 60, EPOCH).batchDateOnCalendar());
    assertFalse(new SnapshotPlan(LocalDate.of(2026, 10, 12), 30, 14, 60, EPOCH).batchDateOnCalendar());
    // an epoch after the dates works the same way (the calendar extends both ways)
    assertTrue(new SnapshotPlan(LocalDate.of(2019, 12, 23), 30, 14, 60, EPOCH).batchDateOnCalendar());
  }

  @Test
  void theEpochIsASettingWithADefault() {
    var config = LeadscoreConfig.defaults(Map.of());
    FeaturesSettings s = FeaturesSettings.from(config);
    assertEquals(EPOCH, s.snapshotEpoch());
    assertEquals(EPOCH, s.plan(LocalDate.of(2026, 11, 24)).epoch());
    var bad = ConfigFactory.parseString("leadscore.snapshots.epoch = \"next monday\"").withFallback(config);
    var e = assertThrows(LeadscoreException.class, () -> FeaturesSettings.from(bad));
    assertTrue(e.getMessage().contains("leadscore.snapshots.epoch") && e.getMessage().contains("next monday"),
        e.getMessage());
    var narrow = ConfigFactory.parseString("leadscore.snapshots.lookback_days = 40").withFallback(config);
    e = assertThrows(LeadscoreException.class, () -> FeaturesSettings.from(narrow));
    assertTrue(e.getMessage().contains("must be >= horizon_days + cadence_days - 1 (43)"), e.getMessage());
  }
}
