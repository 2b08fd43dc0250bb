package io.leadscore.features.ingest;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import io.leadscore.features.LeadscoreException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How one export maps onto its canonical table: file, format, typed columns, business key, which
 * timestamp decides "latest wins", and which columns are PII. Built from {@code leadscore.sources.<name>}.
 *
 * @param table            the silver table it lands in (default: the source name)
 * @param outcome          for a static labelled export, the column that carries the outcome (else null)
 * @param excludeFromModel columns that must never be model inputs (outcome-leaking or PII)
 */
public record SourceMapping(String name, String group, String file, String format, List<String> key,
                            String latestBy, List<Column> columns, List<String> piiHash, List<String> piiDrop,
                            String table, String outcome, List<String> excludeFromModel) {

  /** A canonical column: name, type and whether it must be present. */
  public record Column(String name, String type, boolean required) {
    static final Set<String> TYPES = Set.of("string", "int", "long", "double", "boolean", "timestamp");
  }

  public SourceMapping {
    key = List.copyOf(key);
    columns = List.copyOf(columns);
    piiHash = List.copyOf(piiHash);
    piiDrop = List.copyOf(piiDrop);
    excludeFromModel = List.copyOf(excludeFromModel);
  }

  /** The active sources: {@code leadscore.ingest.sources}, each defined under {@code leadscore.sources}. */
  public static List<SourceMapping> all(Config config) {
    List<SourceMapping> out = new ArrayList<>();
    ConfigObject sources = config.getObject("leadscore.sources");
    for (String name : config.getStringList("leadscore.ingest.sources")) {
      if (!sources.containsKey(name)) {
        throw LeadscoreException.of("'leadscore.ingest.sources' names '%s', but there is no leadscore.sources.%s "
            + "(defined: %s)", name, name, new java.util.TreeSet<>(sources.keySet()));
      }
      out.add(from(name, config.getConfig("leadscore.sources." + name)));
    }
    return out;
  }

  /** The active source that carries an outcome column (a static labelled export), if any. */
  public static java.util.Optional<SourceMapping> labelled(Config config) {
    return all(config).stream().filter(m -> m.outcome() != null).findFirst();
  }

  static SourceMapping from(String name, Config c) {
    String where = "leadscore.sources." + name;
    Map<String, Column> cols = new LinkedHashMap<>();
    ConfigObject colObj = c.getObject("columns");
    // HOCON objects are unordered; the export's header order does not matter, names do
    for (String col : new java.util.TreeSet<>(colObj.keySet())) {
      String spec = c.getString("columns." + col).toLowerCase(Locale.ROOT);
      String[] parts = spec.split(",");
      String type = parts[0].trim();
      if (!Column.TYPES.contains(type)) {
        throw LeadscoreException.of("%s.columns.%s has type '%s'; allowed: %s", where, col, type, Column.TYPES);
      }
      boolean required = parts.length > 1 && parts[1].trim().equals("required");
      cols.put(col, new Column(col, type, required));
    }
    String format = c.getString("format");
    if (!Set.of("csv", "jsonl").contains(format)) {
      throw LeadscoreException.of("%s.format is '%s'; allowed: csv, jsonl", where, format);
    }
    List<String> key = c.getStringList("key");
    for (String k : key) {
      if (!cols.containsKey(k)) {
        throw LeadscoreException.of("%s.key names '%s', which is not one of its columns %s", where, k, cols.keySet());
      }
    }
    String latestBy = c.hasPath("latest_by") ? c.getString("latest_by") : null;
    if (latestBy != null && !cols.containsKey(latestBy)) {
      throw LeadscoreException.of("%s.latest_by names '%s', which is not one of its columns", where, latestBy);
    }
    String outcome = c.hasPath("outcome") ? c.getString("outcome") : null;
    if (outcome != null && !cols.containsKey(outcome)) {
      throw LeadscoreException.of("%s.outcome names '%s', which is not one of its columns", where, outcome);
    }
    List<String> exclude = c.hasPath("exclude_from_model") ? c.getStringList("exclude_from_model") : List.of();
    return new SourceMapping(name, c.getString("group"), c.getString("file"), format, key, latestBy,
        new ArrayList<>(cols.values()), c.hasPath("pii_hash") ? c.getStringList("pii_hash") : List.of(),
        c.hasPath("pii_drop") ? c.getStringList("pii_drop") : List.of(),
        c.hasPath("table") ? c.getString("table") : name, outcome, exclude);
  }
}
