package io.leadscore.scoring.routing;

import java.util.Map;
import java.util.Set;

/**
 * Yesterday's state that today's routing continues from.
 *
 * @param openLeads per rep id, the open leads the rep holds before today's routing
 * @param credits   per territory, per rep id, the smooth weighted round robin's running credit (what keeps the
 *                  split exact across days); a rep missing from it starts at 0
 * @param awayYesterday reps away the day before: their credit restarts at 0, so a returning rep is not handed the
 *                  leads they missed (no catch-up flood)
 */
public record RoutingState(Map<String, Integer> openLeads, Map<String, Map<String, Long>> credits,
                           Set<String> awayYesterday) {
  public static final RoutingState EMPTY = new RoutingState(Map.of(), Map.of(), Set.of());

  public RoutingState {
    openLeads = Map.copyOf(openLeads);
    credits = credits.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey,
        e -> Map.copyOf(e.getValue())));
    awayYesterday = Set.copyOf(awayYesterday);
  }
}
