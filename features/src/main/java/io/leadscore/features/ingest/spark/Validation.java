package io.leadscore.features.ingest.spark;

import static org.apache.spark.sql.functions.*;

import io.leadscore.features.ingest.SourceMapping;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Typing and validation rules as Spark columns: each failed rule becomes a (field, rule, raw_value) entry. */
final class Validation {
  static final String BOT_AGENTS = "(?i)(bot|crawler|spider|slurp|headless|python-requests|curl/)";

  private Validation() {}

  static Column typedValue(SourceMapping.Column c) {
    Column raw = trim(col(c.name()));
    return switch (c.type()) {
      case "timestamp" -> to_timestamp(raw);
      case "boolean" -> when(lower(raw).isin("true", "yes", "y", "1"), lit(true))
          .when(lower(raw).isin("false", "no", "n", "0"), lit(false));
      case "string" -> col(c.name());
      default -> raw.cast(c.type());
    };
  }

  static Column violations(SourceMapping m) {
    List<Column> checks = new ArrayList<>();
    checks.add(when(col("_parse_error").isNotNull(),
        entry(lit("_record"), "parse", col("_parse_error"))));
    for (SourceMapping.Column c : m.columns()) {
      Column raw = col(c.name());
      Column blank = raw.isNull().or(trim(raw).equalTo(""));
      if (c.required()) {
        checks.add(when(col("_parse_error").isNull().and(blank), entry(lit(c.name()), "required", raw)));
      }
      if (!c.type().equals("string")) {
        checks.add(when(not(blank).and(typedValue(c).isNull()), entry(lit(c.name()), "type:" + c.type(), raw)));
      }
    }
    return array_compact(array(checks.toArray(new Column[0])));
  }

  private static Column entry(Column field, String rule, Column raw) {
    return struct(field.as("field"), lit(rule).as("rule"), substring(raw, 1, 1000).as("raw_value"));
  }

  static Dataset<Row> quarantineRows(SourceMapping m, Dataset<Row> rejected) {
    Column[] rawCols = m.columns().stream().map(c -> col(c.name())).toArray(Column[]::new);
    return rejected.select(
        lit(m.name()).as("source"),
        col("_source_file").as("source_file"),
        col("_row_number").as("row_number"),
        col("_violations").getItem(0).getField("field").as("field"),
        col("_violations").getItem(0).getField("rule").as("rule"),
        col("_violations").getItem(0).getField("raw_value").as("raw_value"),
        expr("concat_ws('; ', transform(_violations, v -> concat(v.field, ' failed ', v.rule, "
            + "' (value: ', coalesce(v.raw_value, '<empty>'), ')')))").as("reason"),
        to_json(struct(rawCols)).as("raw_record"),
        col("_batch_date").as("batch_date"),
        col("_ingested_at").as("quarantined_at"));
  }

  static Dataset<Row> typed(SourceMapping m, Dataset<Row> accepted, String salt) {
    List<Column> cols = new ArrayList<>();
    for (SourceMapping.Column c : m.columns()) {
      if (m.piiDrop().contains(c.name())) {
        continue;
      }
      if (m.piiHash().contains(c.name())) {
        // salted hash: joinable across tables, not reversible without the salt
        cols.add(when(col(c.name()).isNull(), lit(null).cast("string"))
            .otherwise(sha2(concat(lit(salt), lower(trim(col(c.name())))), 256)).as(c.name() + "_hash"));
        continue;
      }
      cols.add(typedValue(c).as(c.name()));
    }
    if (m.columns().stream().anyMatch(c -> c.name().equals("user_agent"))) {
      cols.add(coalesce(col("user_agent").rlike(BOT_AGENTS), lit(false)).as("is_bot"));
    }
    cols.add(col("_source_file"));
    cols.add(col("_row_number"));
    cols.add(col("_batch_date"));
    cols.add(col("_ingested_at"));
    return accepted.select(cols.toArray(new Column[0]));
  }
}
