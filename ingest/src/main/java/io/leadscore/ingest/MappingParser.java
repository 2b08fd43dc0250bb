package io.leadscore.ingest;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.leadscore.core.LeadscoreException;
import io.leadscore.ingest.SourceMapping.Column;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads one {@code leadscore.sources.<name>} block. Columns come in two forms: the short
 * {@code col = "type[, required]"} and the long {@code col { from = "Header", type = int, min = 0, ... }}.
 * Unknown keys are rejected: a misspelt rule must not silently validate nothing.
 */
final class MappingParser {
  static final Set<String> SOURCE_KEYS = Set.of("group", "file", "format", "delimiter", "encoding", "multiline",
      "max_record_lines", "required", "ready_marker",
      "missing", "timestamp_format", "key", "latest_by", "table", "outcome", "exclude_from_model", "pii_hash",
      "pii_drop", "columns", "hygiene");
  static final Set<String> COLUMN_KEYS = Set.of("from", "type", "required", "missing", "normalise", "format",
      "true_values", "false_values", "min", "max", "allowed", "pattern", "max_length");
  static final Set<String> HYGIENE_KEYS = Set.of("user_agent", "bot_agents", "rate_by", "rate_time",
      "max_events_per_minute", "cap_iqr", "iqr_k");

  private MappingParser() {}

  static SourceMapping parse(String name, Config c) {
    String where = "leadscore.sources." + name;
    unknownKeys(where, c, SOURCE_KEYS);
    String format = get(where, "format", () -> c.getString("format"));
    if (!SourceMapping.FORMATS.contains(format)) {
      throw LeadscoreException.of("%s.format is '%s'; allowed: %s", where, format, new TreeSet<>(SourceMapping.FORMATS));
    }
    List<String> missing = c.hasPath("missing") ? c.getStringList("missing") : List.of("");
    ReadOptions read = new ReadOptions(c.hasPath("delimiter") ? c.getString("delimiter") : ",",
        c.hasPath("encoding") ? c.getString("encoding") : "UTF-8",
        c.hasPath("multiline") ? c.getBoolean("multiline") : ReadOptions.DEFAULT_MULTILINE,
        c.hasPath("max_record_lines") ? c.getInt("max_record_lines") : ReadOptions.DEFAULT_MAX_RECORD_LINES, missing);
    if (read.maxRecordLines() < 1) {
      throw LeadscoreException.of("%s.max_record_lines is %d; it must be at least 1", where, read.maxRecordLines());
    }
    if (read.delimiter().length() != 1) {
      throw LeadscoreException.of("%s.delimiter is \"%s\"; it must be one character, e.g. \",\", \";\" or \"\\t\"",
          where, read.delimiter());
    }
    if (read.delimiter().isEmpty()) {
      throw LeadscoreException.of("%s.delimiter is empty; use e.g. \",\", \";\" or \"\\t\"", where);
    }
    try {
      java.nio.charset.Charset.forName(read.encoding());
    } catch (IllegalArgumentException e) {
      throw LeadscoreException.of("%s.encoding '%s' is not a known character set (e.g. UTF-8, ISO-8859-1)",
          where, read.encoding());
    }
    String tsFormat = c.hasPath("timestamp_format") ? c.getString("timestamp_format") : null;

    Map<String, Column> cols = new LinkedHashMap<>();
    Config colConf = c.getConfig("columns");
    // HOCON objects are unordered; the export's header order does not matter, names do
    for (String col : new TreeSet<>(c.getObject("columns").keySet())) {
      ConfigValue v = c.getObject("columns").get(col);
      if (v.valueType() == ConfigValueType.NULL) {
        continue; // `columns.x = null` drops a column of an included mapping (e.g. an export without its id)
      }
      String at = where + ".columns." + col;
      Column parsed = v.valueType() == ConfigValueType.OBJECT
          ? longForm(at, col, colConf.getConfig(quoted(col)), missing, tsFormat)
          : shortForm(at, col, colConf.getString(quoted(col)), missing, tsFormat);
      cols.put(col, parsed);
    }
    Set<String> froms = new java.util.HashSet<>();
    for (Column col : cols.values()) {
      if (!froms.add(col.from())) {
        throw LeadscoreException.of("%s.columns: two columns read the same export column '%s'", where, col.from());
      }
    }
    List<String> key = c.getStringList("key");
    if (key.isEmpty()) {
      throw LeadscoreException.of("%s.key is empty; name the business key column(s), e.g. key = [lead_id]", where);
    }
    String latestBy = c.hasPath("latest_by") ? c.getString("latest_by") : null;
    String outcome = c.hasPath("outcome") ? c.getString("outcome") : null;
    if (key.contains(SourceMapping.ROW_KEY)) {
      rowKey(where, key, cols, latestBy, outcome, c.hasPath("table") ? c.getString("table") : name);
    } else {
      for (String k : key) {
        mustBeColumn(where + ".key", k, cols);
      }
    }
    if (latestBy != null) {
      mustBeColumn(where + ".latest_by", latestBy, cols);
    }
    if (outcome != null) {
      mustBeColumn(where + ".outcome", outcome, cols);
      outcomeType(where, c, cols.get(outcome));
    }
    List<String> exclude = list(c, "exclude_from_model");
    for (String e : exclude) {
      mustBeColumn(where + ".exclude_from_model", e, cols);
    }
    List<String> piiHash = list(c, "pii_hash");
    List<String> piiDrop = list(c, "pii_drop");
    for (String p : piiHash) {
      mustBeColumn(where + ".pii_hash", p, cols);
    }
    for (String p : piiDrop) {
      mustBeColumn(where + ".pii_drop", p, cols);
    }
    Hygiene hygiene = c.hasPath("hygiene") ? hygiene(where + ".hygiene", c.getConfig("hygiene"), cols) : Hygiene.NONE;
    String file = get(where, "file", () -> c.getString("file"));
    if (file.isBlank() || file.contains("/")) {
      throw LeadscoreException.of("%s.file is \"%s\"; give a file name or a glob (e.g. \"leads*.csv\") without a "
          + "folder: files are found in <landing>/%s/<date>/", where, file, c.hasPath("group") ? c.getString("group") : "?");
    }
    String marker = c.hasPath("ready_marker") ? c.getString("ready_marker") : null;
    if (marker != null && (marker.isBlank() || marker.contains("/"))) {
      throw LeadscoreException.of("%s.ready_marker is \"%s\"; give a file name such as \"_SUCCESS\"", where, marker);
    }
    return new SourceMapping(name, get(where, "group", () -> c.getString("group")), file, format, key, latestBy,
        new ArrayList<>(cols.values()), piiHash, piiDrop, c.hasPath("table") ? c.getString("table") : name,
        outcome, exclude, read, hygiene,
        c.hasPath("required") && get(where, "required", () -> c.getBoolean("required")), marker);
  }

  /**
   * {@code key = ["@row"]}: the id is derived from the file's content hash and the record number
   * ({@link RowKey}). That id exists in this file only, so it must be the whole key, of a static labelled
   * export (features from its own rows, nothing joins to it), and it takes the canonical {@code lead_id}.
   */
  private static void rowKey(String where, List<String> key, Map<String, Column> cols, String latestBy,
                             String outcome, String table) {
    if (key.size() != 1) {
      throw LeadscoreException.of("%s.key is %s: \"%s\" derives the whole key from the file and the row number, "
          + "it cannot be combined with other key columns. Use key = [\"%s\"] alone, or name only real id columns",
          where, key, SourceMapping.ROW_KEY, SourceMapping.ROW_KEY);
    }
    if (outcome == null) {
      throw LeadscoreException.of("%s.key is [\"%s\"], but the source has no outcome: a row-derived id is only for a "
          + "static labelled export (declare `outcome`), whose features come from its own rows. Table '%s' is "
          + "joined by its key to other exports (activities, opportunities, consent, events), and an id made from "
          + "this file's hash and row numbers matches nothing in them; map the export's id column as the key",
          where, SourceMapping.ROW_KEY, table);
    }
    if (latestBy != null) {
      throw LeadscoreException.of("%s.key is [\"%s\"] and latest_by is '%s': every row has its own id, so there "
          + "is never a later row of the same lead to choose. Remove latest_by", where, SourceMapping.ROW_KEY,
          latestBy);
    }
    if (cols.containsKey(SourceMapping.ROW_KEY_COLUMN)) {
      throw LeadscoreException.of("%s.key is [\"%s\"], which derives the canonical '%s', but the mapping also has "
          + "a column '%s' (from \"%s\"). Either drop it (columns.%s = null) or use it as the key (key = [%s])",
          where, SourceMapping.ROW_KEY, SourceMapping.ROW_KEY_COLUMN, SourceMapping.ROW_KEY_COLUMN,
          cols.get(SourceMapping.ROW_KEY_COLUMN).from(), SourceMapping.ROW_KEY_COLUMN, SourceMapping.ROW_KEY_COLUMN);
    }
  }

  /**
   * The outcome must read as converted / not converted: boolean, an int/long limited to 0..1 by its rules,
   * or a string that names its converted values with {@code true_values}. Checked at start-up, so a wrong
   * type fails here with the way out, not later as a null in training.
   */
  private static void outcomeType(String where, Config c, Column col) {
    String at = where + ".columns." + col.name();
    switch (col.type()) {
      case "boolean" -> { }
      case "int", "long" -> {
        ColumnRules r = col.rules();
        if (r.min() == null || r.max() == null || r.min() < 0 || r.max() > 1) {
          throw LeadscoreException.of("%s is the outcome (type %s) but may hold values other than 0 and 1: declare "
              + "min = 0, max = 1 (other values are then quarantined), or map it as boolean", at, col.type());
        }
      }
      case "string" -> {
        boolean declared;
        try {
          declared = c.hasPath("columns." + col.name() + ".true_values");
        } catch (com.typesafe.config.ConfigException e) {
          declared = false;
        }
        if (!declared) {
          throw LeadscoreException.of("%s is the outcome and a string: name its converted values with true_values "
              + "(e.g. true_values = [\"Won\", \"Converted\"]); every other value reads as not converted", at);
        }
      }
      default -> throw LeadscoreException.of("%s is the outcome but has type %s: use boolean, int (0/1) or string "
          + "with true_values", at, col.type());
    }
  }

  private static Column shortForm(String at, String name, String spec, List<String> missing, String tsFormat) {
    String[] parts = spec.toLowerCase(Locale.ROOT).split(",");
    String type = type(at, parts[0].trim());
    boolean required = false;
    for (int i = 1; i < parts.length; i++) {
      if (!parts[i].trim().equals("required")) {
        throw LeadscoreException.of("%s is \"%s\"; the short form is \"<type>[, required]\", "
            + "use the long form { type = ..., min = ... } for rules", at, spec);
      }
      required = true;
    }
    return new Column(name, type, required, name, missing, List.of("trim"), tsFormat, Column.TRUE, Column.FALSE,
        ColumnRules.NONE);
  }

  private static Column longForm(String at, String name, Config c, List<String> missing, String tsFormat) {
    unknownKeys(at, c, COLUMN_KEYS);
    String type = type(at, get(at, "type", () -> c.getString("type")).toLowerCase(Locale.ROOT));
    List<String> normalise = c.hasPath("normalise") ? c.getStringList("normalise") : List.of("trim");
    for (String n : normalise) {
      if (!Column.NORMALISERS.contains(n)) {
        throw LeadscoreException.of("%s.normalise has '%s'; allowed: %s", at, n, new TreeSet<>(Column.NORMALISERS));
      }
    }
    String format = c.hasPath("format") ? c.getString("format") : tsFormat;
    if (format != null) {
      try {
        DateTimeFormatter.ofPattern(format);
      } catch (IllegalArgumentException e) {
        throw LeadscoreException.of("%s.format '%s' is not a date-time pattern: %s", at, format, e.getMessage());
      }
    }
    String pattern = c.hasPath("pattern") ? c.getString("pattern") : null;
    if (pattern != null) {
      try {
        Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        throw LeadscoreException.of("%s.pattern '%s' is not a regular expression: %s", at, pattern,
            e.getDescription());
      }
    }
    Double min = c.hasPath("min") ? get(at + ".min", "min", () -> c.getDouble("min")) : null;
    // max = batch_year: a year after the batch date's year is a future value (rule `future`)
    boolean maxBatchYear = c.hasPath("max") && "batch_year".equals(c.getValue("max").unwrapped());
    Double max = c.hasPath("max") && !maxBatchYear ? get(at + ".max", "max", () -> c.getDouble("max")) : null;
    if (maxBatchYear && !type.equals("int") && !type.equals("long")) {
      throw LeadscoreException.of("%s has max = batch_year but type %s; it applies to int and long year columns",
          at, type);
    }
    if ((min != null || max != null) && !type.equals("int") && !type.equals("long") && !type.equals("double")) {
      throw LeadscoreException.of("%s has min/max but type %s; ranges apply to int, long and double", at, type);
    }
    if (min != null && max != null && min > max) {
      throw LeadscoreException.of("%s has min %s > max %s", at, min, max);
    }
    int maxLength = c.hasPath("max_length") ? c.getInt("max_length") : ColumnRules.DEFAULT_MAX_LENGTH;
    if (maxLength < 1) {
      throw LeadscoreException.of("%s.max_length is %d; it must be at least 1", at, maxLength);
    }
    return new Column(name, type, c.hasPath("required") && c.getBoolean("required"),
        c.hasPath("from") ? c.getString("from") : name,
        c.hasPath("missing") ? c.getStringList("missing") : missing, normalise, format,
        c.hasPath("true_values") ? c.getStringList("true_values") : Column.TRUE,
        c.hasPath("false_values") ? c.getStringList("false_values") : Column.FALSE,
        new ColumnRules(min, max, list(c, "allowed"), pattern, maxLength, maxBatchYear));
  }

  private static Hygiene hygiene(String at, Config c, Map<String, Column> cols) {
    unknownKeys(at, c, HYGIENE_KEYS);
    String ua = c.hasPath("user_agent") ? c.getString("user_agent") : null;
    String rateBy = c.hasPath("rate_by") ? c.getString("rate_by") : null;
    String rateTime = c.hasPath("rate_time") ? c.getString("rate_time") : null;
    for (String col : new String[] {ua, rateBy, rateTime}) {
      if (col != null) {
        mustBeColumn(at, col, cols);
      }
    }
    if (rateBy != null && (rateTime == null || !cols.get(rateTime).type().equals("timestamp"))) {
      throw LeadscoreException.of("%s.rate_by needs rate_time naming a timestamp column", at);
    }
    List<String> cap = list(c, "cap_iqr");
    for (String col : cap) {
      mustBeColumn(at + ".cap_iqr", col, cols);
      if (!cols.get(col).numeric()) {
        throw LeadscoreException.of("%s.cap_iqr names '%s' of type %s; only numeric columns can be capped",
            at, col, cols.get(col).type());
      }
    }
    double k = c.hasPath("iqr_k") ? c.getDouble("iqr_k") : 1.5;
    if (!(k > 0)) {
      throw LeadscoreException.of("%s.iqr_k is %s; it must be > 0 (1.5 is Tukey's fence)", at, k);
    }
    int maxRate = c.hasPath("max_events_per_minute") ? c.getInt("max_events_per_minute") : 30;
    if (maxRate < 1) {
      throw LeadscoreException.of("%s.max_events_per_minute is %d; it must be at least 1", at, maxRate);
    }
    String agents = c.hasPath("bot_agents") ? c.getString("bot_agents")
        : "(?i)(bot|crawler|spider|slurp|headless|python-requests|curl/|wget/)";
    return new Hygiene(ua, agents, rateBy, rateTime, maxRate, cap, k);
  }

  private static String type(String at, String type) {
    if (!Column.TYPES.contains(type)) {
      throw LeadscoreException.of("%s has type '%s'; allowed: %s", at, type, new TreeSet<>(Column.TYPES));
    }
    return type;
  }

  private static void mustBeColumn(String at, String name, Map<String, Column> cols) {
    if (!cols.containsKey(name)) {
      throw LeadscoreException.of("%s names '%s', which is not one of its columns %s", at, name, cols.keySet());
    }
  }

  private static void unknownKeys(String at, Config c, Set<String> known) {
    for (String k : c.root().keySet()) {
      if (!known.contains(k)) {
        throw LeadscoreException.of("%s has unknown key '%s'; known keys: %s", at, k, new TreeSet<>(known));
      }
    }
  }

  private static List<String> list(Config c, String key) {
    return c.hasPath(key) ? c.getStringList(key) : List.of();
  }

  private static <T> T get(String at, String key, Supplier<T> read) {
    try {
      return read.get();
    } catch (ConfigException.Missing e) {
      throw LeadscoreException.of("%s lacks '%s'", at, key);
    } catch (ConfigException.WrongType e) {
      throw LeadscoreException.of("%s.%s has the wrong type: %s", at, key, e.getMessage());
    }
  }

  private static String quoted(String key) {
    return com.typesafe.config.ConfigUtil.joinPath(key);
  }
}
