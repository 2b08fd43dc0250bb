package io.leadscore.ingest;

import static io.leadscore.ingest.ConfigReads.get;
import static io.leadscore.ingest.ConfigReads.list;
import static io.leadscore.ingest.ConfigReads.quoted;
import static io.leadscore.ingest.MappingRules.mustBeColumn;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.leadscore.ingest.SourceMapping.Column;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one {@code leadscore.sources.<name>} block: the source-level keys (format, read options, key, file,
 * PII, hygiene) here, each column by {@link ColumnParser}, the rules across keys by {@link MappingRules}.
 * Unknown keys are rejected: a misspelt rule must not silently validate nothing.
 */
final class MappingParser {
  static final Set<String> SOURCE_KEYS = Set.of("group", "file", "format", "delimiter", "encoding", "multiline",
      "max_record_lines", "required", "ready_marker", "append_only", "allow_empty",
      "missing", "timestamp_format", "key", "latest_by", "table", "outcome", "exclude_from_model", "pii_hash",
      "pii_drop", "columns", "hygiene");
  static final Set<String> HYGIENE_KEYS = Set.of("user_agent", "bot_agents", "rate_by", "rate_time",
      "max_events_per_minute", "cap_iqr", "iqr_k");

  private MappingParser() {}

  static SourceMapping parse(String name, Config c) {
    String where = "leadscore.sources." + name;
    ConfigReads.unknownKeys(where, c, SOURCE_KEYS);
    String format = get(where, "format", () -> c.getString("format"));
    if (!SourceMapping.FORMATS.contains(format)) {
      throw IngestErrors.notAllowed(where + ".format is", format, SourceMapping.FORMATS);
    }
    List<String> missing = c.hasPath("missing") ? c.getStringList("missing") : List.of("");
    ReadOptions read = new ReadOptions(c.hasPath("delimiter") ? c.getString("delimiter") : ",",
        c.hasPath("encoding") ? c.getString("encoding") : "UTF-8",
        c.hasPath("multiline") ? c.getBoolean("multiline") : ReadOptions.DEFAULT_MULTILINE,
        c.hasPath("max_record_lines") ? c.getInt("max_record_lines") : ReadOptions.DEFAULT_MAX_RECORD_LINES, missing);
    if (read.maxRecordLines() < 1) {
      throw IngestErrors.atLeastOne(where + ".max_record_lines", read.maxRecordLines());
    }
    if (read.delimiter().length() != 1) {
      throw IngestErrors.of("%s.delimiter is \"%s\"; it must be one character, e.g. \",\", \";\" or \"\\t\"",
          where, read.delimiter());
    }
    if (read.delimiter().isEmpty()) {
      throw IngestErrors.of("%s.delimiter is empty; use e.g. \",\", \";\" or \"\\t\"", where);
    }
    try {
      java.nio.charset.Charset.forName(read.encoding());
    } catch (IllegalArgumentException e) {
      throw IngestErrors.of("%s.encoding '%s' is not a known character set (e.g. UTF-8, ISO-8859-1)",
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
          ? ColumnParser.longForm(at, col, colConf.getConfig(quoted(col)), missing, tsFormat)
          : ColumnParser.shortForm(at, col, colConf.getString(quoted(col)), missing, tsFormat);
      cols.put(col, parsed);
    }
    Set<String> froms = new java.util.HashSet<>();
    for (Column col : cols.values()) {
      if (!froms.add(col.from())) {
        throw IngestErrors.of("%s.columns: two columns read the same export column '%s'", where, col.from());
      }
    }
    List<String> key = c.getStringList("key");
    if (key.isEmpty()) {
      throw IngestErrors.of("%s.key is empty; name the business key column(s), e.g. key = [lead_id]", where);
    }
    String latestBy = c.hasPath("latest_by") ? c.getString("latest_by") : null;
    String outcome = c.hasPath("outcome") ? c.getString("outcome") : null;
    if (key.contains(SourceMapping.ROW_KEY)) {
      MappingRules.rowKey(where, key, cols, latestBy, outcome, c.hasPath("table") ? c.getString("table") : name);
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
      MappingRules.outcomeType(where, c, cols.get(outcome));
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
      throw IngestErrors.of("%s.file is \"%s\"; give a file name or a glob (e.g. \"leads*.csv\") without a "
          + "folder: files are found in <landing>/%s/<date>/", where, file, c.hasPath("group") ? c.getString("group") : "?");
    }
    String marker = c.hasPath("ready_marker") ? c.getString("ready_marker") : null;
    if (marker != null && (marker.isBlank() || marker.contains("/"))) {
      throw IngestErrors.of("%s.ready_marker is \"%s\"; give a file name such as \"_SUCCESS\"", where, marker);
    }
    SourceMapping.Delivery delivery = new SourceMapping.Delivery(get(where, "group", () -> c.getString("group")), file,
        c.hasPath("required") && get(where, "required", () -> c.getBoolean("required")), marker,
        c.hasPath("allow_empty") && get(where, "allow_empty", () -> c.getBoolean("allow_empty")));
    SourceMapping.Silver silver = new SourceMapping.Silver(c.hasPath("table") ? c.getString("table") : name, key,
        latestBy, appendOnly(where, c, latestBy, cols), outcome);
    return new SourceMapping(name, format, delivery, new ArrayList<>(cols.values()), silver,
        new SourceMapping.Privacy(piiHash, piiDrop, exclude), read, hygiene);
  }

  /** {@code append_only = true} needs a timestamp {@code latest_by}: the time that bounds the facts' MERGE. */
  private static boolean appendOnly(String where, Config c, String latestBy, Map<String, Column> cols) {
    if (!c.hasPath("append_only") || !get(where, "append_only", () -> c.getBoolean("append_only"))) {
      return false;
    }
    if (latestBy == null || !cols.containsKey(latestBy) || !cols.get(latestBy).type().equals("timestamp")) {
      throw IngestErrors.of("%s.append_only = true needs latest_by naming a timestamp column (the facts' time, "
          + "which bounds their MERGE); latest_by is %s", where, latestBy);
    }
    return true;
  }

  private static Hygiene hygiene(String at, Config c, Map<String, Column> cols) {
    ConfigReads.unknownKeys(at, c, HYGIENE_KEYS);
    String ua = c.hasPath("user_agent") ? c.getString("user_agent") : null;
    String rateBy = c.hasPath("rate_by") ? c.getString("rate_by") : null;
    String rateTime = c.hasPath("rate_time") ? c.getString("rate_time") : null;
    for (String col : new String[] {ua, rateBy, rateTime}) {
      if (col != null) {
        mustBeColumn(at, col, cols);
      }
    }
    if (rateBy != null && (rateTime == null || !cols.get(rateTime).type().equals("timestamp"))) {
      throw IngestErrors.of("%s.rate_by needs rate_time naming a timestamp column", at);
    }
    List<String> cap = list(c, "cap_iqr");
    for (String col : cap) {
      mustBeColumn(at + ".cap_iqr", col, cols);
      if (!cols.get(col).numeric()) {
        throw IngestErrors.of("%s.cap_iqr names '%s' of type %s; only numeric columns can be capped",
            at, col, cols.get(col).type());
      }
    }
    double k = c.hasPath("iqr_k") ? c.getDouble("iqr_k") : 1.5;
    if (!(k > 0)) {
      throw IngestErrors.of("%s.iqr_k is %s; it must be > 0 (1.5 is Tukey's fence)", at, k);
    }
    int maxRate = c.hasPath("max_events_per_minute") ? c.getInt("max_events_per_minute") : 30;
    if (maxRate < 1) {
      throw IngestErrors.atLeastOne(at + ".max_events_per_minute", maxRate);
    }
    String agents = c.hasPath("bot_agents") ? c.getString("bot_agents")
        : "(?i)(bot|crawler|spider|slurp|headless|python-requests|curl/|wget/)";
    return new Hygiene(ua, agents, rateBy, rateTime, maxRate, cap, k);
  }
}
