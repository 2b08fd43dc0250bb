package io.leadscore.monitoring;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reps' leaderboard counted in plain Java: tiers, contacts within the tier's SLA, precision by rep. */
class RepLeaderboardTest {
  static final LocalDate D = LocalDate.of(2026, 11, 24);
  static final Map<String, Duration> SLA = Map.of("A", Duration.ofHours(24), "B", Duration.ofHours(72));

  static RepLeaderboard.Assigned lead(String rep, String lead, String tier, LocalDate on, String contact,
                                      boolean converted) {
    return new RepLeaderboard.Assigned(rep, rep.toUpperCase(), lead, tier, on, contact == null ? null
        : Instant.parse(contact), converted);
  }

  @Test
  void countsTiersContactsWithinTheTiersSlaAndPrecisionPerRepThenTheTeam() {
    List<RepLeaderboard.Standing> rows = RepLeaderboard.of(List.of(
        lead("ana", "L1", "A", D.minusDays(5), "2026-11-19T23:59:00Z", true),   // within 24h
        lead("ana", "L2", "A", D.minusDays(5), "2026-11-20T00:00:00Z", false),  // 24h to the minute: late
        lead("ana", "L3", "B", D.minusDays(5), "2026-11-21T10:00:00Z", true),   // B: 72h, in time
        lead("ben", "L4", "B", D.minusDays(5), null, false),                   // never contacted, overdue
        lead("ben", "L5", "A", D, null, false),                                // assigned tonight: not due yet
        lead("ben", "L6", "C", D.minusDays(1), null, true)),                   // no SLA, not a hot tier
        SLA, Set.of("A", "B"), D);
    assertEquals(List.of("ana", "ben", "team"), rows.stream().map(RepLeaderboard.Standing::repId).toList(),
        "best precision first, the team last");
    RepLeaderboard.Standing ana = rows.get(0);
    assertEquals(Map.of("A", 2L, "B", 1L), ana.assignedByTier());
    assertEquals(2, ana.contactedInSla());
    assertEquals(3, ana.slaDue());
    assertEquals(2 / 3.0, ana.precision(), 1e-9);
    RepLeaderboard.Standing ben = rows.get(1);
    assertEquals(3, ben.assigned());
    assertEquals(0, ben.contactedInSla());
    assertEquals(1, ben.slaDue(), "tonight's lead is not late yet, and tier C has no SLA");
    assertEquals(2, ben.hotAssigned(), "tier C is not hot: its conversion is not the model's precision");
    assertEquals(0.0, ben.precision());
    RepLeaderboard.Standing team = rows.get(2);
    assertEquals(Map.of("A", 3L, "B", 2L, "C", 1L), team.assignedByTier());
    assertEquals(2 / 5.0, team.precision(), 1e-9);
    assertEquals(2 / 4.0, team.slaRate(), 1e-9);
    assertEquals(List.of(), RepLeaderboard.of(List.of(), SLA, Set.of("A", "B"), D), "nobody routed: no rows");
  }
}
