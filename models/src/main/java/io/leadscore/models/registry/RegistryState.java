package io.leadscore.models.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code registry.json}: every registered card, each version's state (a registry written
 * before states derives them from the champion history), the champion history for rollback, and the
 * append-only history of state changes.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record RegistryState(List<ModelCard> versions, Map<Integer, String> status, List<Integer> championHistory,
                     List<ModelRegistry.Event> history) {
  RegistryState {
    versions = versions == null ? List.of() : List.copyOf(versions);
    status = status == null ? new LinkedHashMap<>() : new LinkedHashMap<>(status);
    championHistory = championHistory == null ? List.of() : List.copyOf(championHistory);
    history = history == null ? List.of() : List.copyOf(history);
  }

  static RegistryState empty() {
    return new RegistryState(List.of(), Map.of(), List.of(), List.of());
  }

  ModelRegistry.Status statusOf(int v) {
    String s = status.get(v);
    if (s != null) {
      return ModelRegistry.Status.valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
    // a registry written before states: the last champion is champion, earlier ones retired
    if (!championHistory.isEmpty() && championHistory.get(championHistory.size() - 1) == v) {
      return ModelRegistry.Status.CHAMPION;
    }
    return championHistory.contains(v) ? ModelRegistry.Status.RETIRED : ModelRegistry.Status.CANDIDATE;
  }

  RegistryState with(int version, ModelRegistry.Status s, String reason, List<ModelCard> vs,
                     List<Integer> champions) {
    Map<Integer, String> st = new LinkedHashMap<>(status);
    st.put(version, s.label());
    List<ModelRegistry.Event> h = new ArrayList<>(history);
    h.add(new ModelRegistry.Event(Instant.now().toString(), version, s.label(), reason));
    return new RegistryState(vs, st, champions, h);
  }
}
