package io.leadscore.ingest.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;

import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.ingest.IngestSpec;
import io.leadscore.ingest.SourceMapping;
import org.apache.spark.sql.SparkSession;

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
        Validation.quarantineRows(m, staged.rows().filter(size(col("_violations")).gt(0)), spec.piiSalt()),
        tables.path(Table.QUARANTINE),
        "t.source = s.source AND t.source_file = s.source_file AND t.row_number = s.row_number", null);
  }
}
