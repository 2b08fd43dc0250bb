package io.leadscore.scoring.routing;

import io.leadscore.scoring.routing.Assignment.Outcome;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who calls each hot lead: a weighted, capped round robin within the lead's territory over the reps who are at work
 * and have room. Smooth weighted round robin (nginx's): every pick adds each eligible rep's weight to their credit,
 * the highest credit takes the lead (the lower rep id on a tie) and pays the eligible reps' total weight, so
 * weights 200/100/100 split 400 leads exactly 200/100/100 and interleave them. A lead whose owner is at work keeps
 * that owner; a rep who was away restarts at credit 0 (the leads they missed are not repaid); a lead nobody in its
 * territory has room for goes to the fallback queue. Hotter leads first (score, then lead id): the same inputs give
 * the same assignments, whatever their order. Plain Java, no Spark.
 */
public final class RoutingPolicy {
  /** Today's decisions and the state tomorrow continues from. */
  public record Result(List<Assignment> assignments, RoutingState next) {
    public long count(Outcome o) {
      return assignments.stream().filter(a -> a.outcome() == o).count();
    }
  }

  private final Map<String, Rep> reps = new TreeMap<>();

  public RoutingPolicy(List<Rep> reps) {
    for (Rep r : reps) {
      if (this.reps.put(r.id(), r) != null) {
        throw io.leadscore.scoring.errors.ScoringErrors.of("Rep '%s' is listed twice in the reps export", r.id());
      }
    }
  }

  public Result route(LocalDate day, List<LeadToRoute> leads, RoutingState yesterday) {
    Map<String, Integer> today = new HashMap<>();
    Map<String, Map<String, Long>> credits = new TreeMap<>();
    yesterday.credits().forEach((t, c) -> credits.put(t, new TreeMap<>(c)));
    Set<String> away = new HashSet<>(yesterday.awayYesterday());
    reps.values().stream().filter(r -> !r.activeOn(day)).forEach(r -> away.add(r.id()));
    // a rep away (today or yesterday) restarts at 0: no credit saved up while away, none owed
    credits.values().forEach(c -> c.keySet().removeAll(away));
    List<LeadToRoute> order = new ArrayList<>(leads);
    order.sort(Comparator.comparingInt(LeadToRoute::score).reversed().thenComparing(LeadToRoute::leadId));
    Map<String, Assignment> out = new LinkedHashMap<>();
    for (LeadToRoute l : order) {
      Rep owner = l.owner() == null ? null : reps.get(l.owner());
      if (owner != null && owner.activeOn(day)) {
        out.put(l.leadId(), new Assignment(l.leadId(), Outcome.KEPT, owner.id(),
            "tier " + l.tier() + ", " + owner.name() + " owns the lead and is at work"));
        continue;
      }
      List<Rep> eligible = reps.values().stream().filter(r -> r.territories().contains(l.territory())
          && r.activeOn(day) && room(r, today, yesterday)).toList();
      if (eligible.isEmpty()) {
        out.put(l.leadId(), new Assignment(l.leadId(), Outcome.QUEUED, null, "tier " + l.tier() + ", territory "
            + l.territory() + ": no rep at work with room today (fallback queue)"));
        continue;
      }
      Rep pick = pick(eligible, credits.computeIfAbsent(l.territory(), t -> new TreeMap<>()));
      int n = today.merge(pick.id(), 1, Integer::sum);
      out.put(l.leadId(), new Assignment(l.leadId(), Outcome.ASSIGNED, pick.id(), "tier " + l.tier()
          + ", territory " + l.territory() + ", " + pick.name() + " " + n + "/" + pick.dailyCapacity() + " today"));
    }
    List<Assignment> inInputOrder = leads.stream().map(l -> out.get(l.leadId())).toList();
    Map<String, Integer> open = new HashMap<>(yesterday.openLeads());
    today.forEach((rep, n) -> open.merge(rep, n, Integer::sum));
    Set<String> awayToday = new HashSet<>();
    reps.values().stream().filter(r -> !r.activeOn(day)).forEach(r -> awayToday.add(r.id()));
    return new Result(inInputOrder, new RoutingState(open, credits, awayToday));
  }

  /** Room today: under the daily capacity and under the open-leads cap. */
  private static boolean room(Rep r, Map<String, Integer> today, RoutingState yesterday) {
    int n = today.getOrDefault(r.id(), 0);
    return n < r.dailyCapacity() && yesterday.openLeads().getOrDefault(r.id(), 0) + n < r.maxOpen();
  }

  /** One smooth weighted round robin step over the eligible reps (sorted by id: ties go to the lower id). */
  private static Rep pick(List<Rep> eligible, Map<String, Long> credit) {
    long total = 0;
    Rep best = null;
    for (Rep r : eligible) {
      long c = credit.merge(r.id(), (long) r.weight(), Long::sum);
      total += r.weight();
      if (best == null || c > credit.get(best.id())) {
        best = r;
      }
    }
    credit.merge(best.id(), -total, Long::sum);
    return best;
  }
}
