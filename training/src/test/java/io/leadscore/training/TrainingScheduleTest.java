package io.leadscore.training;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.LeadscoreException;
import io.leadscore.core.config.LeadscoreConfig;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which nights train under leadscore.training.schedule, and why the others do not. */
class TrainingScheduleTest {
  static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);
  static final Optional<String> CHAMPION = Optional.of("leadscore v3");

  static TrainingSchedule schedule(String kind) {
    return TrainingSchedule.from(LeadscoreConfig.defaults(Map.of("leadscore.training.schedule", kind)));
  }

  @Test
  void nightlyIsTheDefaultAndAlwaysTrains() {
    TrainingSchedule s = TrainingSchedule.from(LeadscoreConfig.defaults(Map.of()));
    assertEquals(TrainingSchedule.Kind.NIGHTLY, s.kind());
    assertEquals(Optional.empty(), s.skipReason(new TrainingSchedule.Night(MONDAY.plusDays(2), CHAMPION,
        Optional.of(false))));
  }

  @Test
  void weeklyTrainsOnItsDayAndSaysWhyNotOnTheOthers() {
    TrainingSchedule s = schedule("weekly");
    assertEquals(Optional.empty(), s.skipReason(new TrainingSchedule.Night(MONDAY, CHAMPION, Optional.empty())));
    assertEquals(Optional.of("schedule weekly: trains on mondays, 2026-11-24 is a tuesday; leadscore v3 scores"),
        s.skipReason(new TrainingSchedule.Night(MONDAY.plusDays(1), CHAMPION, Optional.empty())));
    assertEquals(Optional.empty(), s.skipReason(new TrainingSchedule.Night(MONDAY.plusDays(1), Optional.empty(),
        Optional.empty())), "no champion: train whatever the day");
  }

  @Test
  void onDriftTrainsTheNightAfterMonitoringRecommendedIt() {
    TrainingSchedule s = schedule("on_drift");
    assertEquals(Optional.empty(), s.skipReason(new TrainingSchedule.Night(MONDAY, CHAMPION, Optional.of(true))));
    assertEquals(Optional.of("schedule on_drift: the last monitor run recommended no retraining; leadscore v3 scores"),
        s.skipReason(new TrainingSchedule.Night(MONDAY, CHAMPION, Optional.of(false))));
    assertTrue(s.skipReason(new TrainingSchedule.Night(MONDAY, CHAMPION, Optional.empty())).orElseThrow()
        .contains("no monitor run before 2026-11-23"));
  }

  @Test
  void aBadScheduleOrDayNamesTheKey() {
    var e = assertThrows(LeadscoreException.class, () -> schedule("hourly"));
    assertEquals("'leadscore.training.schedule' is 'hourly' but must be nightly, weekly or on_drift", e.getMessage());
    e = assertThrows(LeadscoreException.class, () -> TrainingSchedule.from(LeadscoreConfig.defaults(Map.of(
        "leadscore.training.schedule", "weekly", "leadscore.training.weekly_on", "someday"))));
    assertTrue(e.getMessage().contains("leadscore.training.weekly_on"), e.getMessage());
  }
}
