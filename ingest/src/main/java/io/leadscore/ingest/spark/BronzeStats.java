package io.leadscore.ingest.spark;

import io.delta.tables.DeltaTable;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Keeps raw PII out of bronze's Delta log. Delta records each data file's per-column min/max in the log (commit
 * JSON, checkpoints and checksums), and keeps the log for {@code delta.logRetentionDuration} (30 days) whatever
 * VACUUM does: the first 32 columns of an export would leave emails and names there after an erasure. Bronze
 * collects statistics on its own metadata columns only (the ones the file-identity lookup and the retention
 * purge filter on), named by {@code delta.dataSkippingStatsColumns}; a column an export adds later gets none.
 */
final class BronzeStats {
  static final String PROPERTY = "delta.dataSkippingStatsColumns";
  static final List<String> COLUMNS = List.of("_row_number", "_source_file", "_file_size", "_file_checksum",
      "_batch_date", "_ingested_at");
  static final String VALUE = String.join(",", COLUMNS);

  private BronzeStats() {}

  /**
   * Before the first append to a bronze table: a new table is created with the property (so even its first file
   * has no PII statistics); a table from before this rule gets it set, and its older commits age out of the log.
   */
  static void prepare(SparkSession spark, String table, Dataset<Row> rows) {
    // the builder and `delta.`path`` in SQL take a path only when it is absolute; a relative storage root
    // (the default `lakehouse`) would be read as a table name
    String path = qualified(spark, table);
    if (!DeltaTable.isDeltaTable(spark, path)) {
      // nullable like the columns a plain first write would create (no NOT NULL constraints)
      org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType(
          java.util.Arrays.stream(rows.schema().fields()).map(f -> f.copy(f.name(), f.dataType(), true, f.metadata()))
              .toArray(org.apache.spark.sql.types.StructField[]::new));
      DeltaTable.createIfNotExists(spark).location(path).addColumns(schema).property(PROPERTY, VALUE).execute();
      return;
    }
    scala.collection.Map<String, String> properties = DeltaTable.forPath(spark, path).detail().first()
        .getAs("properties");
    if (!properties.contains(PROPERTY) || !VALUE.equals(properties.apply(PROPERTY))) {
      spark.sql("ALTER TABLE delta.`" + path.replace("`", "``") + "` SET TBLPROPERTIES ('" + PROPERTY + "' = '"
          + VALUE + "')");
    }
  }

  static String qualified(SparkSession spark, String path) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
    try {
      return p.getFileSystem(spark.sessionState().newHadoopConf()).makeQualified(p).toString();
    } catch (java.io.IOException e) {
      throw io.leadscore.ingest.IngestErrors.wrap("Cannot resolve the bronze table path " + path + ": "
          + e.getMessage() + ". Check leadscore.storage.root and its file system's credentials", e);
    }
  }
}
