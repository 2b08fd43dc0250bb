package io.leadscore.scoring.routing;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.scoring.routing.Assignment.Outcome;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The routing policy on hand-made reps and leads (plain Java, no Spark). */
class RoutingPolicyTest {
  static final LocalDate DAY = LocalDate.of(2026, 3, 2);

  static Rep rep(String id, String territory, int weight, int capacity) {
    return new Rep(id, "Rep " + id, Set.of(territory), weight, capacity, 10_000, Set.of());
  }

  static List<LeadToRoute> leads(int n, String territory, String prefix) {
    List<LeadToRoute> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new LeadToRoute(prefix + String.format("%05d", i), i % 2 == 0 ? "A" : "B", territory, null, 90 - i % 40));
    }
    return out;
  }

  static Map<String, Long> perRep(RoutingPolicy.Result r) {
    return r.assignments().stream().filter(a -> a.outcome() == Outcome.ASSIGNED)
        .collect(Collectors.groupingBy(Assignment::repId, Collectors.counting()));
  }

  @Test
  void weights200To100To100Split400Leads2To1To1Exactly() {
    RoutingPolicy p = new RoutingPolicy(List.of(rep("ana", "DE", 200, 1000), rep("ben", "DE", 100, 1000),
        rep("cem", "DE", 100, 1000)));
    List<LeadToRoute> leads = leads(400, "DE", "L");
    RoutingPolicy.Result r = p.route(DAY, leads, RoutingState.EMPTY);
    assertEquals(Map.of("ana", 200L, "ben", 100L, "cem", 100L), perRep(r));
    // interleaved, not in blocks: the four hottest leads go ana, ben, cem, ana
    Map<String, String> rep = new HashMap<>();
    r.assignments().forEach(a -> rep.put(a.leadId(), a.repId()));
    assertEquals(List.of("ana", "ben", "cem", "ana"), leads.stream().sorted(java.util.Comparator.comparingInt(
        LeadToRoute::score).reversed().thenComparing(LeadToRoute::leadId)).limit(4).map(l -> rep.get(l.leadId())).toList());
  }

  @Test
  void dailyCapacityAndMaxOpenLeadsHoldAndTheRestIsQueued() {
    Rep ana = new Rep("ana", "Ana", Set.of("DE"), 100, 5, 20, Set.of());
    Rep ben = new Rep("ben", "Ben", Set.of("DE"), 300, 6, 1000, Set.of());
    RoutingState yesterday = new RoutingState(Map.of("ana", 18), Map.of(), Set.of());
    RoutingPolicy.Result r = new RoutingPolicy(List.of(ana, ben)).route(DAY, leads(20, "DE", "L"), yesterday);
    assertEquals(Map.of("ana", 2L, "ben", 6L), perRep(r), "ana: 18 open of 20; ben: 6 a day");
    assertEquals(12, r.count(Outcome.QUEUED));
    assertEquals(20, r.next().openLeads().get("ana"));
    assertTrue(r.assignments().stream().filter(a -> a.outcome() == Outcome.QUEUED).allMatch(a -> a.repId() == null
        && a.reason().matches("tier [AB], territory DE: no rep at work with room today \\(fallback queue\\)")),
        r.assignments().toString());
  }

  @Test
  void eachAssignmentSaysWhyWithTheRepsCountOfTheDay() {
    Rep ana = new Rep("ana", "Ana", Set.of("DE"), 100, 20, 100, Set.of());
    RoutingPolicy.Result r = new RoutingPolicy(List.of(ana)).route(DAY, leads(12, "DE", "L"), RoutingState.EMPTY);
    // hottest first: the hottest lead is Ana's first today, the twelfth her 12th
    assertEquals("tier A, territory DE, Ana 1/20 today", r.assignments().get(0).reason());
    assertTrue(r.assignments().stream().anyMatch(a -> a.reason().equals("tier B, territory DE, Ana 12/20 today")),
        r.assignments().toString());
  }

  @Test
  void aRepAwayForAWeekGetsNoLeadsThatWeekAndNoFloodAfter() {
    Set<LocalDate> week = DAY.plusDays(3).datesUntil(DAY.plusDays(10)).collect(Collectors.toSet());
    RoutingPolicy p = new RoutingPolicy(List.of(rep("ana", "DE", 100, 1000), rep("ben", "DE", 100, 1000),
        new Rep("cem", "Cem", Set.of("DE"), 100, 1000, 100_000, week)));
    RoutingState state = RoutingState.EMPTY;
    for (int d = 0; d < 14; d++) {
      LocalDate day = DAY.plusDays(d);
      // 31 a day: a third does not divide evenly, so credits carry from day to day
      RoutingPolicy.Result r = p.route(day, leads(31, "DE", "D" + d + "-"), state);
      long cem = perRep(r).getOrDefault("cem", 0L);
      if (week.contains(day)) {
        assertEquals(0, cem, "cem is away on " + day);
      } else {
        assertTrue(cem == 10 || cem == 11, "cem's third on " + day + ", not the week he missed: " + perRep(r));
      }
      state = r.next();
    }
  }

  @Test
  void territoriesAreRespectedAndALeadWithoutARepInItsTerritoryIsQueued() {
    RoutingPolicy p = new RoutingPolicy(List.of(rep("ana", "DE", 100, 1000), rep("ben", "FR", 100, 1000),
        new Rep("cem", "Cem", Set.of("DE", "FR"), 100, 1000, 1000, Set.of())));
    List<LeadToRoute> all = new ArrayList<>(leads(10, "DE", "DE"));
    all.addAll(leads(10, "FR", "FR"));
    all.addAll(leads(3, "US", "US"));
    RoutingPolicy.Result r = p.route(DAY, all, RoutingState.EMPTY);
    for (Assignment a : r.assignments()) {
      switch (a.leadId().substring(0, 2)) {
        case "DE" -> assertTrue(Set.of("ana", "cem").contains(a.repId()), a.toString());
        case "FR" -> assertTrue(Set.of("ben", "cem").contains(a.repId()), a.toString());
        default -> assertEquals(Outcome.QUEUED, a.outcome(), a.toString());
      }
    }
    assertEquals(3, r.count(Outcome.QUEUED));
  }

  @Test
  void anOwnedLeadKeepsItsOwnerWhileTheOwnerIsAtWorkAndIsRoutedAgainWhenNot() {
    Rep ana = new Rep("ana", "Ana", Set.of("DE"), 100, 0, 0, Set.of(DAY.plusDays(1)));
    Rep ben = rep("ben", "DE", 100, 1000);
    RoutingPolicy p = new RoutingPolicy(List.of(ana, ben));
    List<LeadToRoute> owned = List.of(new LeadToRoute("L1", "A", "DE", "ana", 95),
        new LeadToRoute("L2", "B", "DE", "gone", 80));
    RoutingPolicy.Result r = p.route(DAY, owned, RoutingState.EMPTY);
    // kept even with no room left: stickiness is not a new lead for Ana
    assertEquals(new Assignment("L1", Outcome.KEPT, "ana", "tier A, Ana owns the lead and is at work"),
        r.assignments().get(0));
    assertEquals("ben", r.assignments().get(1).repId(), "an owner who left the reps export is no owner");
    assertEquals(Outcome.ASSIGNED, p.route(DAY.plusDays(1), owned, RoutingState.EMPTY).assignments().get(0).outcome());
    assertEquals("ben", p.route(DAY.plusDays(1), owned, RoutingState.EMPTY).assignments().get(0).repId());
  }

  @Test
  void theSameInputsGiveTheSameAssignmentsWhateverTheirOrder() {
    List<Rep> reps = List.of(rep("ana", "DE", 300, 40), rep("ben", "DE", 100, 30), rep("cem", "DE", 200, 25),
        rep("dan", "FR", 100, 10));
    List<LeadToRoute> all = new ArrayList<>(leads(90, "DE", "DE"));
    all.addAll(leads(15, "FR", "FR"));
    RoutingPolicy.Result first = new RoutingPolicy(reps).route(DAY, all, RoutingState.EMPTY);
    List<LeadToRoute> shuffled = new ArrayList<>(all);
    Collections.shuffle(shuffled, new Random(7));
    List<Rep> repsShuffled = new ArrayList<>(reps);
    Collections.reverse(repsShuffled);
    RoutingPolicy.Result again = new RoutingPolicy(repsShuffled).route(DAY, shuffled, RoutingState.EMPTY);
    Map<String, Assignment> byLead = new HashMap<>();
    again.assignments().forEach(a -> byLead.put(a.leadId(), a));
    first.assignments().forEach(a -> assertEquals(a, byLead.get(a.leadId())));
    assertEquals(first.next(), again.next());
    assertEquals(5, first.count(Outcome.QUEUED), "90 DE leads for 95 places, 15 FR leads for 10: " + perRep(first));
  }
}
