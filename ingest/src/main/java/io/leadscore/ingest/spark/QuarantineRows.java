package io.leadscore.ingest.spark;

import static org.apache.spark.sql.functions.*;

import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.ingest.IngestSpec;
import io.leadscore.ingest.QuarantineRedaction;
import io.leadscore.ingest.SourceMapping;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/** Step 5, per file: the rows that broke a rule into the quarantine table (PII redacted), keyed by file and row. */
final class QuarantineRows {
  private final SparkSession spark;
  private final Tables tables;

  QuarantineRows(SparkSession spark, Tables tables) {
    this.spark = spark;
    this.tables = tables;
  }

  /** Returns the number of rows written (0 when the file has none to quarantine). */
  long run(IngestSpec spec, SourceMapping m, StageFile.Staged staged) {
    if (staged.quarantined() == 0) {
      return 0;
    }
    return DeltaMerge.merge(spark,
        quarantineRows(m, staged.rows().filter(size(col("_violations")).gt(0)), spec.piiSalt()),
        tables.path(Table.QUARANTINE),
        "t.source = s.source AND t.source_file = s.source_file AND t.row_number = s.row_number", null);
  }

  /**
   * Quarantine rows: field, rule and the value as {@link QuarantineRedaction} allows (hashed PII, else cut to
   * 200 characters), never the raw record: that stays in bronze, at (source_file, row_number). The
   * {@code raw_record} column stays, empty, for tables written before.
   */
  static Dataset<Row> quarantineRows(SourceMapping m, Dataset<Row> rejected, String salt) {
    QuarantineRedaction redaction = QuarantineRedaction.of(m, salt);
    // a UDF is fine here: it only sees rejected rows
    UserDefinedFunction redact = udf((UDF2<String, String, String>) redaction::redact, DataTypes.StringType);
    Column redacted = transform(col("_violations"), v -> struct(v.getField("field").as("field"),
        v.getField("rule").as("rule"), redact.apply(v.getField("field"), v.getField("raw_value")).as("raw_value"),
        v.getField("hint").as("hint")));
    return rejected.withColumn("_violations", redacted).select(
        lit(m.name()).as("source"),
        col("_source_file").as("source_file"),
        col("_row_number").as("row_number"),
        col("_violations").getItem(0).getField("field").as("field"),
        col("_violations").getItem(0).getField("rule").as("rule"),
        col("_violations").getItem(0).getField("raw_value").as("raw_value"),
        expr("concat_ws('; ', transform(_violations, v -> concat(v.field, ' failed ', v.rule, "
            + "' (value: ', coalesce(v.raw_value, '<empty>'), coalesce(concat('; ', v.hint), ''), ')')))")
            .as("reason"),
        // always empty: kept so that quarantine tables written before redaction still take MERGEd rows
        lit(null).cast("string").as("raw_record"),
        col("_batch_date").as("batch_date"),
        col("_ingested_at").as("quarantined_at"));
  }

}
