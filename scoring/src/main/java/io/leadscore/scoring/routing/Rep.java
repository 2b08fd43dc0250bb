package io.leadscore.scoring.routing;

import io.leadscore.scoring.errors.ScoringErrors;
import java.time.LocalDate;
import java.util.Set;

/**
 * A sales rep as routing sees them (one row of the {@code reps} export).
 *
 * @param territories    the territories (countries or segments) whose leads the rep takes
 * @param weight         the rep's share of a territory's leads against the other reps' weights (200 = twice 100)
 * @param dailyCapacity  new leads the rep takes a day
 * @param maxOpen        open leads the rep may hold at once (yesterday's open ones plus today's new ones)
 * @param away           the days the rep is away: no new leads, and their leads are routed again
 */
public record Rep(String id, String name, Set<String> territories, int weight, int dailyCapacity, int maxOpen,
                  Set<LocalDate> away) {
  public Rep {
    if (id == null || id.isBlank()) {
      throw ScoringErrors.of("A rep needs an id (name '%s')", name);
    }
    name = name == null || name.isBlank() ? id : name;
    territories = Set.copyOf(territories);
    away = Set.copyOf(away);
    if (weight <= 0) {
      throw ScoringErrors.of("Rep '%s' has weight %d but it must be > 0 (leave the rep out to route nothing to them)",
          id, weight);
    }
    if (dailyCapacity < 0 || maxOpen < 0) {
      throw ScoringErrors.of("Rep '%s' has daily capacity %d and max open leads %d: both must be >= 0", id,
          dailyCapacity, maxOpen);
    }
  }

  /** At work on {@code day}: takes new leads and keeps their own. */
  public boolean activeOn(LocalDate day) {
    return !away.contains(day);
  }
}
