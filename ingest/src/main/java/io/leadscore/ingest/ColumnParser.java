package io.leadscore.ingest;

import static io.leadscore.ingest.ConfigReads.get;
import static io.leadscore.ingest.ConfigReads.list;

import com.typesafe.config.Config;
import io.leadscore.ingest.SourceMapping.Column;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads one column of a mapping, in either form: the short {@code col = "type[, required]"} or the long
 * {@code col { from = "Header", type = int, min = 0, ... }}. The source's {@code missing} and
 * {@code timestamp_format} are the column's defaults.
 */
final class ColumnParser {
  static final Set<String> COLUMN_KEYS = Set.of("from", "type", "required", "missing", "normalise", "format",
      "true_values", "false_values", "min", "max", "allowed", "pattern", "max_length");

  private ColumnParser() {}

  static Column shortForm(String at, String name, String spec, List<String> missing, String tsFormat) {
    String[] parts = spec.toLowerCase(Locale.ROOT).split(",");
    String type = type(at, parts[0].trim());
    boolean required = false;
    for (int i = 1; i < parts.length; i++) {
      if (!parts[i].trim().equals("required")) {
        throw IngestErrors.of("%s is \"%s\"; the short form is \"<type>[, required]\", "
            + "use the long form { type = ..., min = ... } for rules", at, spec);
      }
      required = true;
    }
    return new Column(name, type, required, name,
        new SourceMapping.Text(missing, List.of("trim"), tsFormat, Column.TRUE, Column.FALSE), ColumnRules.NONE);
  }

  static Column longForm(String at, String name, Config c, List<String> missing, String tsFormat) {
    ConfigReads.unknownKeys(at, c, COLUMN_KEYS);
    String type = type(at, get(at, "type", () -> c.getString("type")).toLowerCase(Locale.ROOT));
    List<String> normalise = c.hasPath("normalise") ? c.getStringList("normalise") : List.of("trim");
    for (String n : normalise) {
      if (!Column.NORMALISERS.contains(n)) {
        throw IngestErrors.notAllowed(at + ".normalise has", n, Column.NORMALISERS);
      }
    }
    String format = c.hasPath("format") ? c.getString("format") : tsFormat;
    if (format != null) {
      try {
        DateTimeFormatter.ofPattern(format);
      } catch (IllegalArgumentException e) {
        throw IngestErrors.of("%s.format '%s' is not a date-time pattern: %s", at, format, e.getMessage());
      }
    }
    String pattern = c.hasPath("pattern") ? c.getString("pattern") : null;
    if (pattern != null) {
      try {
        Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        throw IngestErrors.of("%s.pattern '%s' is not a regular expression: %s", at, pattern,
            e.getDescription());
      }
    }
    ColumnRules rules = rules(at, type, c, pattern);
    Column column = new Column(name, type, c.hasPath("required") && c.getBoolean("required"),
        c.hasPath("from") ? c.getString("from") : name,
        new SourceMapping.Text(c.hasPath("missing") ? c.getStringList("missing") : missing, normalise, format,
            c.hasPath("true_values") ? c.getStringList("true_values") : Column.TRUE,
            c.hasPath("false_values") ? c.getStringList("false_values") : Column.FALSE),
        rules);
    for (String allowed : rules.allowed()) {
      // values are compared after normalisation: one that normalisation changes could never match
      String n = column.normalised(allowed);
      if (!n.equals(allowed)) {
        throw IngestErrors.of("%s.allowed has '%s', which no value can equal after normalise = %s (it reads as "
            + "'%s'); write it as '%s'", at, allowed, normalise, n, n);
      }
    }
    return column;
  }

  /** Range, allowed values, pattern and length: ranges only on numbers, {@code batch_year} only on years. */
  private static ColumnRules rules(String at, String type, Config c, String pattern) {
    Double min = c.hasPath("min") ? get(at + ".min", "min", () -> c.getDouble("min")) : null;
    // max = batch_year: a year after the batch date's year is a future value (rule `future`)
    boolean maxBatchYear = c.hasPath("max") && "batch_year".equals(c.getValue("max").unwrapped());
    Double max = c.hasPath("max") && !maxBatchYear ? get(at + ".max", "max", () -> c.getDouble("max")) : null;
    if (maxBatchYear && !type.equals("int") && !type.equals("long")) {
      throw IngestErrors.of("%s has max = batch_year but type %s; it applies to int and long year columns",
          at, type);
    }
    if ((min != null || max != null) && !type.equals("int") && !type.equals("long") && !type.equals("double")) {
      throw IngestErrors.of("%s has min/max but type %s; ranges apply to int, long and double", at, type);
    }
    if (min != null && max != null && min > max) {
      throw IngestErrors.of("%s has min %s > max %s", at, min, max);
    }
    int maxLength = c.hasPath("max_length") ? c.getInt("max_length") : ColumnRules.DEFAULT_MAX_LENGTH;
    if (maxLength < 1) {
      throw IngestErrors.atLeastOne(at + ".max_length", maxLength);
    }
    return new ColumnRules(min, max, list(c, "allowed"), pattern, maxLength, maxBatchYear);
  }

  private static String type(String at, String type) {
    if (!Column.TYPES.contains(type)) {
      throw IngestErrors.notAllowed(at + " has type", type, Column.TYPES);
    }
    return type;
  }
}
