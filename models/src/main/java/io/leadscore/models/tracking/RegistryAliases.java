package io.leadscore.models.tracking;

import io.leadscore.models.registry.ModelCard;
import io.leadscore.models.registry.ModelRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The aliases a registry's current state implies: what MLflow's aliases must mirror. */
public final class RegistryAliases {
  private RegistryAliases() {}

  /**
   * {@code champion} -> the champion's version; {@code challenger} -> the latest version newer than the
   * champion (the one the challenger arm scores with). An alias with no version is absent.
   */
  public static Map<String, Integer> current(ModelRegistry registry) {
    Map<String, Integer> out = new LinkedHashMap<>();
    Optional<ModelCard> champion = registry.champion();
    int champ = champion.map(ModelCard::version).orElse(0);
    champion.ifPresent(c -> out.put("champion", c.version()));
    registry.versions().stream().mapToInt(ModelCard::version).filter(v -> v > champ).max()
        .ifPresent(v -> out.put("challenger", v));
    return out;
  }
}
