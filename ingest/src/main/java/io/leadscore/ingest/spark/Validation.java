package io.leadscore.ingest.spark;

import static org.apache.spark.sql.functions.*;

import io.leadscore.ingest.ColumnRules;
import io.leadscore.ingest.SourceMapping;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Normalisation, typing and validation rules as Spark columns (no UDFs: they stay inside Spark's code
 * generation). Each failed rule becomes a (field, rule, raw_value) entry; the first one is the row's
 * quarantine reason, all of them are in its {@code reason} text.
 *
 * <p>Rules: {@code parse}, {@code encoding}, {@code control_chars}, {@code formula_injection},
 * {@code required}, {@code type:<type>}, {@code max_length}, {@code min}, {@code max}, {@code future},
 * {@code allowed}, {@code pattern}.
 */
final class Validation {
  static final String INT = "^[+-]?[0-9]+(\\.0*)?$";
  static final String DOUBLE = "^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?$";
  /** A text a spreadsheet would run as a formula (CSV injection); signed numbers are fine. */
  static final String FORMULA = "^([=@\\t\\r]|[+-][^0-9.])";
  static final String CONTROL = "[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]";

  private Validation() {}

  /** The text after the column's normalisation, with missing markers as null. */
  static Column cleaned(SourceMapping.Column c) {
    Column v = col(c.name());
    for (String step : c.text().normalise()) {
      v = switch (step) {
        case "trim" -> trim(v);
        case "lower" -> lower(v);
        case "upper" -> upper(v);
        case "underscore" -> regexp_replace(v, SourceMapping.Column.UNDERSCORED, "_");
        // guard: the mapping parser admits only the normalisers above (Column.NORMALISERS)
        default -> throw new IllegalStateException(step);
      };
    }
    List<Object> markers = new ArrayList<>(c.text().missing());
    return markers.isEmpty() ? v : when(not(v.isin(markers.toArray())), v);
  }

  /** The prefixes of the staged cleaned and typed copies of each column (computed once, read by every rule). */
  static final String CLEAN = "_c_";
  static final String TYPED = "_t_";

  /**
   * The rows with each column's cleaned text ({@code _c_<name>}) and typed value ({@code _t_<name>}) added, in
   * two projections: every rule and the silver columns read these, so no normalisation, regex or parse runs
   * twice on a value (a rule nested in a conditional would otherwise evaluate its own copy).
   */
  static Dataset<Row> withCleanAndTyped(SourceMapping m, Dataset<Row> rows) {
    List<Column> clean = new ArrayList<>(List.of(col("*")));
    m.columns().forEach(c -> clean.add(cleaned(c).as(CLEAN + c.name())));
    List<Column> typed = new ArrayList<>(List.of(col("*")));
    m.columns().forEach(c -> typed.add(typedValue(c, col(CLEAN + c.name())).as(TYPED + c.name())));
    return rows.select(clean.toArray(new Column[0])).select(typed.toArray(new Column[0]));
  }

  /** Drops the staged cleaned and typed copies (bronze keeps the rows as received). */
  static Dataset<Row> withoutCleanAndTyped(SourceMapping m, Dataset<Row> rows) {
    List<String> drop = new ArrayList<>();
    m.columns().forEach(c -> {
      drop.add(CLEAN + c.name());
      drop.add(TYPED + c.name());
    });
    return rows.drop(drop.toArray(new String[0]));
  }

  static Column typedValue(SourceMapping.Column c, Column v) {
    return switch (c.type()) {
      case "timestamp" -> c.text().format() == null ? to_timestamp(v) : to_timestamp(v, c.text().format());
      case "boolean" -> when(lower(v).isin(lowered(c.text().trueValues())), lit(true))
          .when(lower(v).isin(lowered(c.text().falseValues())), lit(false));
      case "string" -> v;
      // "5.0" reads as 5; out-of-range values are a type error, never wrapped
      case "int" -> integral(v, "int");
      case "long" -> integral(v, "long");
      case "double" -> when(v.rlike(DOUBLE), v.cast("double"));
      // guard: the mapping parser admits only the types above
      default -> throw new IllegalStateException(c.type());
    };
  }

  /**
   * Spark's string cast to an integral type drops a fractional part ("5.00" is 5, the pattern allows zeros only)
   * and yields null out of the type's range (non-ANSI), so no detour through decimal is needed.
   */
  private static Column integral(Column v, String type) {
    return when(v.rlike(INT), v.cast(type));
  }

  private static Object[] lowered(List<String> values) {
    return values.stream().map(s -> s.toLowerCase(java.util.Locale.ROOT)).toArray();
  }

  /**
   * The rule violations of each row of {@link #withCleanAndTyped}. {@code futureCutoff}: a timestamp after it is rule {@code future};
   * {@code batchYear}: a year column with {@code max = batch_year} above it is rule {@code future} too.
   * {@code checkEncoding}: false when the file's own pass proved that no value holds U+FFFD (rule
   * {@code encoding} cannot fire), which saves a search of every value.
   */
  static Column violations(SourceMapping m, java.time.Instant futureCutoff, int batchYear, boolean checkEncoding) {
    return violations(m, futureCutoff, batchYear, checkEncoding, true);
  }

  /**
   * As {@link #violations(SourceMapping, java.time.Instant, int, boolean)}; {@code checkControl}: false when the file's
   * own pass proved that no value holds a control character (rule {@code control_chars} cannot fire), which saves a
   * regex search of every value (a tenth of the staging pass's samples).
   */
  static Column violations(SourceMapping m, java.time.Instant futureCutoff, int batchYear, boolean checkEncoding,
                           boolean checkControl) {
    List<Column> checks = new ArrayList<>();
    Column parsed = col("_parse_error").isNull();
    checks.add(failed(not(parsed),
        entry("_record", "parse", concat_ws(": ", col("_parse_error"), col("_raw_record")))));
    for (SourceMapping.Column c : m.columns()) {
      Column raw = col(c.name());
      Column clean = col(CLEAN + c.name());
      Column typed = col(TYPED + c.name());
      ColumnRules r = c.rules();
      // a record that could not be parsed has no trustworthy fields: report the parse failure only (And stops at
      // a false left side, so no rule of an unparsed record is evaluated)
      java.util.function.BiConsumer<Column, Column> rule = (failed, entry) -> checks.add(failed(parsed.and(failed),
          entry));
      if (checkEncoding) {
        rule.accept(instr(raw, "\uFFFD").gt(0), entry(c.name(), "encoding", raw));
      }
      if (checkControl) {
        rule.accept(raw.rlike(CONTROL), entry(c.name(), "control_chars", raw));
      }
      // a value of no more bytes than the limit has no more characters: its byte count is known, its character count
      // is a walk over the bytes (a tenth of the staging pass's samples when done for every value)
      rule.accept(octet_length(raw).gt(r.maxLength()).and(length(raw).gt(r.maxLength())),
          entry(c.name(), "max_length", raw));
      if (c.type().equals("string")) {
        rule.accept(formula(clean), entry(c.name(), "formula_injection", raw));
      }
      if (c.required()) {
        rule.accept(clean.isNull(), entry(c.name(), "required", raw));
      }
      if (!c.type().equals("string")) {
        rule.accept(clean.isNotNull().and(typed.isNull()), entry(c.name(), "type:" + c.type(), raw));
      }
      if (r.min() != null) {
        rule.accept(typed.lt(r.min()), entry(c.name(), "min", raw));
      }
      if (r.max() != null) {
        rule.accept(typed.gt(r.max()), entry(c.name(), "max", raw));
      }
      if (r.maxBatchYear()) {
        rule.accept(typed.gt(batchYear), entry(c.name(), "future", raw));
      }
      if (c.type().equals("timestamp")) {
        // a future-dated row would win "latest wins" against every later update of its key
        rule.accept(typed.gt(lit(java.sql.Timestamp.from(futureCutoff))), entry(c.name(), "future", raw));
      }
      if (!r.allowed().isEmpty()) {
        // the reason names what is allowed, so that the way out is in the quarantine row itself
        rule.accept(clean.isNotNull().and(not(clean.isin(r.allowed().toArray()))), entry(c.name(), "allowed", raw,
            "allowed: " + String.join(", ", r.allowed()) + (c.text().normalise().isEmpty() ? ""
                : ", after normalise " + c.text().normalise())));
      }
      if (r.pattern() != null) {
        rule.accept(clean.isNotNull().and(not(clean.rlike("^(?:" + r.pattern() + ")$"))),
            entry(c.name(), "pattern", raw));
      }
    }
    // concat of one-entry-or-empty arrays, not array_compact of nullable entries: array_compact is a higher-order
    // function (a filter with a lambda), which Spark evaluates without code generation, and with it every rule
    // below it (11.5% of the CPU samples of a 100k-lead first load's ingest were under that filter)
    return concat(checks.toArray(new Column[0]));
  }

  /**
   * {@link #FORMULA} without a regex: it only looks at the first two characters, and a regex search of every string
   * value (converted to a Java string first) was a tenth of the staging pass's time.
   */
  static Column formula(Column clean) {
    Column first = substring(clean, 1, 1);
    Column second = substring(clean, 2, 1);
    return first.isin("=", "@", "\t", "\r")
        .or(first.isin("+", "-").and(length(clean).geq(2)).and(not(second.isin(NUMBER_STARTS))));
  }

  private static final Object[] NUMBER_STARTS = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "."};

  /** The rule's entry in a one-element array when {@code failed} is true, else an empty array (null: passed). */
  private static Column failed(Column failed, Column entry) {
    return when(failed, array(entry)).otherwise(array());
  }

  /** {@link io.leadscore.ingest.RowKey} as a column of the rows of the file with that SHA-256. */
  static Column rowKey(String fileSha256) {
    return concat(lit(io.leadscore.ingest.RowKey.prefix(fileSha256)), col("_row_number").cast("string"));
  }

  private static Column entry(String field, String rule, Column raw) {
    return entry(field, rule, raw, null);
  }

  /** @param hint what the rule allows, for the reason text (null: nothing to add) */
  private static Column entry(String field, String rule, Column raw, String hint) {
    return struct(lit(field).as("field"), lit(rule).as("rule"), substring(raw, 1, 1000).as("raw_value"),
        lit(hint).cast("string").as("hint"));
  }

  /** Silver columns (from the staged typed copies): typed values, salted hashes instead of PII, dropped PII, lineage columns. */
  static Dataset<Row> typed(SourceMapping m, Dataset<Row> accepted, String salt) {
    List<Column> cols = new ArrayList<>();
    for (SourceMapping.Column c : m.columns()) {
      if (m.privacy().piiDrop().contains(c.name())) {
        continue;
      }
      if (m.privacy().piiHash().contains(c.name())) {
        // salted hash: joinable across tables, not reversible without the salt
        Column v = col(CLEAN + c.name());
        cols.add(when(v.isNull(), lit(null).cast("string"))
            .otherwise(sha2(concat(lit(salt), lower(v)), 256)).as(c.name() + "_hash"));
        continue;
      }
      cols.add(col(TYPED + c.name()).as(c.name()));
    }
    if (m.rowKey()) {
      cols.add(0, col(SourceMapping.ROW_KEY_COLUMN));
    }
    cols.add(col("_source_file"));
    cols.add(col("_row_number"));
    cols.add(col("_batch_date"));
    cols.add(col("_ingested_at"));
    return accepted.select(cols.toArray(new Column[0]));
  }
}
