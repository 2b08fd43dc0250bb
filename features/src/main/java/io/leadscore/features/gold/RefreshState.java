package io.leadscore.features.gold;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.features.FeaturesErrors;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the last attribute refresh left the stored snapshots current to ({@code features/_leadscore/attributes.json}):
 * the newest ingest stamp of silver leads and accounts it read, the features table's version after it, the dates it
 * covered and each date's segment values (date, then segment, then raw key, to value). No lead ids.
 *
 * @param through  the newest {@code _ingested_at} of silver leads and accounts, or null when silver is not stamped
 * @param version  the features table's version after the refresh
 * @param dates    the snapshot dates it covered (ISO)
 * @param segments ISO date to segment ({@code industry}, {@code country}) to raw key to value (null when missing); a
 *                 date without any segment value (no outcome known before it) is absent
 */
public record RefreshState(Instant through, long version, List<String> dates,
                    Map<String, Map<String, Map<String, Double>>> segments) {
  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

  public RefreshState {
    dates = List.copyOf(dates);
    segments = Map.copyOf(segments);
  }

  /** Whether every date of {@code dates} was covered, with an ingest stamp to compare silver with. */
  public boolean covers(List<LocalDate> dates) {
    return through != null && dates.stream().allMatch(d -> this.dates.contains(d.toString()));
  }

  /** The (date, segment, key) triples among {@code dates} whose value differs between this state and {@code now}. */
  public List<String[]> moved(List<LocalDate> dates, Map<String, Map<String, Map<String, Double>>> now) {
    List<String[]> out = new ArrayList<>();
    for (LocalDate d : dates) {
      Map<String, Map<String, Double>> before = segments.getOrDefault(d.toString(), Map.of());
      Map<String, Map<String, Double>> after = now.getOrDefault(d.toString(), Map.of());
      Set<String> names = new HashSet<>(before.keySet());
      names.addAll(after.keySet());
      for (String segment : names) {
        Map<String, Double> b = before.getOrDefault(segment, Map.of());
        Map<String, Double> a = after.getOrDefault(segment, Map.of());
        Set<String> keys = new HashSet<>(b.keySet());
        keys.addAll(a.keySet());
        keys.stream().filter(k -> !Objects.equals(b.get(k), a.get(k)))
            .forEach(k -> out.add(new String[] {d.toString(), segment, k}));
      }
    }
    return out;
  }

  public String toJson() {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(new Stored(
          through == null ? null : through.toString(), version, dates, segments));
    } catch (JsonProcessingException e) {
      throw FeaturesErrors.wrap("Cannot write the attribute refresh's state as JSON: " + e.getOriginalMessage(), e);
    }
  }

  public static RefreshState fromJson(String json, String path) {
    try {
      Stored s = JSON.readValue(json, Stored.class);
      return new RefreshState(s.through() == null ? null : Instant.parse(s.through()), s.version(), s.dates(),
          s.segments());
    } catch (JsonProcessingException | RuntimeException e) {
      throw FeaturesErrors.wrap("Cannot read the attribute refresh's state " + path + " (" + e.getMessage()
          + "): delete the file, and the next features run compares every stored row", e);
    }
  }

  private record Stored(String through, long version, List<String> dates,
                        Map<String, Map<String, Map<String, Double>>> segments) {}
}
