package io.leadscore.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The reps' leaderboard of the nightly report, in plain Java: per rep, the leads routing assigned them (by tier),
 * how many they contacted within the tier's SLA, and how many of their hot leads (A/B) converted, the model's
 * precision by rep. Beside the team's figures it tells a weak rep (few contacts in time, a precision below the
 * team's) from a weak score (every rep's precision low).
 */
public final class RepLeaderboard {
  private RepLeaderboard() {}

  /**
   * One lead as assigned to a rep: its tier, the routing date, its first contact at or after that date (null: none
   * yet) and whether it converted since.
   */
  public record Assigned(String repId, String repName, String leadId, String tier, LocalDate assignedOn,
                         Instant firstContact, boolean converted) {}

  /**
   * A rep's row. {@code slaDue}: the leads whose SLA has run out by the start of the report date, or that were
   * contacted within it (a lead assigned tonight is not late yet); {@code hotAssigned}/{@code hotConverted}: the
   * leads of the hot tiers and how many converted.
   */
  public record Standing(String repId, String name, Map<String, Long> assignedByTier, long contactedInSla,
                         long slaDue, long hotAssigned, long hotConverted) {
    public long assigned() {
      return assignedByTier.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The share of due leads contacted within the SLA; NaN when none is due. */
    public double slaRate() {
      return slaDue == 0 ? Double.NaN : contactedInSla / (double) slaDue;
    }

    /** The model's precision by rep: the share of the rep's hot leads that converted; NaN without any. */
    public double precision() {
      return hotAssigned == 0 ? Double.NaN : hotConverted / (double) hotAssigned;
    }
  }

  /**
   * The reps' rows, best precision first (then most hot leads, then rep id), and last a row "team" over all.
   *
   * @param sla      per tier, the time from the start of the assignment date within which the first contact counts
   * @param hotTiers the tiers whose conversions make the precision (A and B)
   * @param date     the report date: its data ends where the date starts (a nightly for D reads what happened before
   *                 D), so a lead whose SLA runs past the start of D is not due yet
   */
  public static List<Standing> of(List<Assigned> leads, Map<String, Duration> sla, Set<String> hotTiers,
                                  LocalDate date) {
    Instant end = date.atStartOfDay(ZoneOffset.UTC).toInstant();
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, Map<String, Long>> byTier = new TreeMap<>();
    Map<String, String> names = new TreeMap<>();
    for (Assigned a : leads) {
      long[] c = counts.computeIfAbsent(a.repId(), k -> new long[4]);
      names.putIfAbsent(a.repId(), a.repName() == null ? "" : a.repName());
      byTier.computeIfAbsent(a.repId(), k -> new TreeMap<>()).merge(a.tier(), 1L, Long::sum);
      Duration limit = sla.get(a.tier());
      if (limit != null) {
        Instant deadline = a.assignedOn().atStartOfDay(ZoneOffset.UTC).toInstant().plus(limit);
        boolean inTime = a.firstContact() != null && a.firstContact().isBefore(deadline);
        c[0] += inTime ? 1 : 0;
        c[1] += inTime || !deadline.isAfter(end) ? 1 : 0;
      }
      if (hotTiers.contains(a.tier())) {
        c[2]++;
        c[3] += a.converted() ? 1 : 0;
      }
    }
    List<Standing> out = new ArrayList<>();
    long[] team = new long[4];
    Map<String, Long> teamTiers = new TreeMap<>();
    counts.forEach((rep, c) -> {
      out.add(new Standing(rep, names.get(rep), byTier.get(rep), c[0], c[1], c[2], c[3]));
      for (int i = 0; i < 4; i++) {
        team[i] += c[i];
      }
      byTier.get(rep).forEach((t, n) -> teamTiers.merge(t, n, Long::sum));
    });
    out.sort(Comparator.comparingDouble((Standing s) -> Double.isNaN(s.precision()) ? -1 : s.precision()).reversed()
        .thenComparing(Comparator.comparingLong(Standing::hotAssigned).reversed()).thenComparing(Standing::repId));
    if (!out.isEmpty()) {
      out.add(new Standing("team", "all reps", new LinkedHashMap<>(teamTiers), team[0], team[1], team[2], team[3]));
    }
    return out;
  }
}
