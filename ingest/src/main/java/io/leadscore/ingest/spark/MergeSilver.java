package io.leadscore.ingest.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;

import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.ingest.IngestSpec;
import io.leadscore.ingest.SourceMapping;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Step 6, per file: the valid rows, typed and cleaned, into silver by MERGE on the business key; the latest row
 * of a key wins ({@code latest_by}, else the later row of the file).
 */
final class MergeSilver {
  /** The ingest stamp every silver row carries (the time its file was staged). */
  static final String INGESTED_AT = "_ingested_at";

  /** @param duplicates accepted rows superseded by a later row of the same key */
  record Merged(long accepted, long duplicates) {}

  private final SparkSession spark;
  private final Tables tables;

  MergeSilver(SparkSession spark, Tables tables) {
    this.spark = spark;
    this.tables = tables;
  }

  Merged run(IngestSpec spec, SourceMapping m, StageFile.Staged staged) {
    long accepted = staged.accepted();
    long written = 0;
    if (accepted > 0) {
      Dataset<Row> typed = Validation.typed(m, staged.rows().filter(size(col("_violations")).equalTo(0)),
          spec.piiSalt());
      Dataset<Row> silver = dedupe(m, AnalyticsHygiene.apply(m, typed));
      String path = tables.path(Table.silverOf(m.silver().table()));
      if (m.silver().appendOnly()) {
        written = DeltaMerge.appendFacts(spark, silver, path, keyCondition(m), m.silver().latestBy(), statsColumns(m));
      } else {
        String latest = "coalesce(s.%1$s, timestamp'1970-01-01') >= coalesce(t.%1$s, timestamp'1970-01-01')";
        written = DeltaMerge.merge(spark, silver, path, keyCondition(m),
            m.silver().latestBy() == null ? "true" : String.format(latest, m.silver().latestBy()), statsColumns(m));
      }
    }
    return new Merged(accepted, Math.max(0, accepted - written));
  }

  private static Dataset<Row> dedupe(SourceMapping m, Dataset<Row> typed) {
    Column[] keys = m.keyColumns().stream().map(k -> col(k)).toArray(Column[]::new);
    return typed
        .withColumn("_rank", row_number().over(Window.partitionBy(keys)
            .orderBy(m.silver().latestBy() == null ? col("_row_number").desc()
                    : col(m.silver().latestBy()).desc_nulls_last(), col("_row_number").desc())))
        .filter(col("_rank").equalTo(1))
        .drop("_rank");
  }

  /**
   * The columns a silver table keeps Delta statistics on: those its reads and writes filter on (the key, the
   * time, the lead). Statistics on every other column cost time at every write and are never used to skip a file.
   */
  static List<String> statsColumns(SourceMapping m) {
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>(m.keyColumns());
    if (m.silver().latestBy() != null) {
      out.add(m.silver().latestBy());
    }
    if (m.column(SourceMapping.ROW_KEY_COLUMN).isPresent() || m.rowKey()) {
      out.add(SourceMapping.ROW_KEY_COLUMN);
    }
    if (m.silver().appendOnly()) {
      // the features' daily roll-up reads only the facts ingested since its last refresh: with statistics on the
      // stamp, Delta skips every older file instead of reading the whole history to find the new rows
      out.add(INGESTED_AT);
    }
    return List.copyOf(out);
  }

  private static String keyCondition(SourceMapping m) {
    return m.keyColumns().stream().map(k -> "t.`" + k + "` <=> s.`" + k + "`").collect(Collectors.joining(" AND "));
  }
}
