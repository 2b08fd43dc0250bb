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
 */
public record SourceMapping(String name, String group, String file, String format, List<String> key,
                            String latestBy, List<Column> columns, List<String> piiHash, List<String> piiDrop) {

  /** A canonical column: name, type and whether it must be present. */
  public record Column(String name, String type, boolean required) {
    static final Set<String> TYPES = Set.of("string", "int", "long", "double", "boolean", "timestamp");
  }

  public SourceMapping {
    key = List.copyOf(key);
    columns = List.copyOf(columns);
    piiHash = List.copyOf(piiHash);
    piiDrop = List.copyOf(piiDrop);
  }

  public static List<SourceMapping> all(Config config) {
    List<SourceMapping> out = new ArrayList<>();
    ConfigObject sources = config.getObject("leadscore.sources");
    for (String name : new java.util.TreeSet<>(sources.keySet())) {
      out.add(from(name, config.getConfig("leadscore.sources." + name)));
    }
    return out;
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
    String latestBy = c.getString("latest_by");
    if (!cols.containsKey(latestBy)) {
      throw LeadscoreException.of("%s.latest_by names '%s', which is not one of its columns", where, latestBy);
    }
    return new SourceMapping(name, c.getString("group"), c.getString("file"), format, key, latestBy,
        new ArrayList<>(cols.values()), c.getStringList("pii_hash"), c.getStringList("pii_drop"));
  }
}
