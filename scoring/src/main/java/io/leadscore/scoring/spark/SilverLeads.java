package io.leadscore.scoring.spark;

import static io.leadscore.core.Columns.LEAD_ID;
import static org.apache.spark.sql.functions.col;

import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Silver leads with the source's key as {@code lead_id}, whatever the key column is called. */
final class SilverLeads {
  private SilverLeads() {}

  static Dataset<Row> read(SparkSession spark, Tables tables, String keyColumn) {
    Dataset<Row> silver = spark.read().format("delta").load(tables.path(Table.LEADS));
    return keyColumn.equals(LEAD_ID) ? silver : silver.withColumn(LEAD_ID, col(keyColumn).cast("string"));
  }
}
