package io.leadscore.scoring.routing;

import com.typesafe.config.Config;
import io.leadscore.scoring.errors.ScoringErrors;
import java.util.List;

/**
 * {@code leadscore.routing}: which tiers are routed and which columns of silver {@code leads} say the territory
 * and the CRM's current owner.
 *
 * @param ownerColumn "" when the leads export carries no owner: the last routed rep is the owner
 */
public record RoutingSettings(List<String> tiers, String territoryColumn, String ownerColumn) {
  public RoutingSettings {
    tiers = List.copyOf(tiers);
    for (String t : tiers) {
      if (!List.of("A", "B", "C", "D").contains(t)) {
        throw ScoringErrors.of("'leadscore.routing.tiers' holds '%s' but tiers are A, B, C and D", t);
      }
    }
    if (territoryColumn == null || territoryColumn.isBlank()) {
      throw ScoringErrors.of("'leadscore.routing.territory_column' is empty: name the leads column of the territory "
          + "(e.g. country)");
    }
    ownerColumn = ownerColumn == null ? "" : ownerColumn.trim();
  }

  public static RoutingSettings from(Config c) {
    Config r = c.getConfig("leadscore.routing");
    return new RoutingSettings(r.getStringList("tiers"), r.getString("territory_column"), r.getString("owner_column"));
  }
}
