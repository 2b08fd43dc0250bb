package io.leadscore.ingest.privacy.spark;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** {@code ops/erasures}: one row per erased lead, with no PII (the lead id only as a salted hash). */
final class ErasureLog {
  static final StructType SCHEMA = new StructType()
      .add("lead_hash", DataTypes.StringType, false)
      .add("erased_at", DataTypes.TimestampType, false)
      .add("command", DataTypes.StringType, false)
      .add("reason", DataTypes.StringType, false)
      .add("rows", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, false), false)
      .add("total_rows", DataTypes.LongType, false)
      .add("crm_cleared", DataTypes.BooleanType, false)
      .add("run_id", DataTypes.StringType, false);

  /** One lead's record before it is written. */
  record Entry(String leadHash, Map<String, Long> rows, boolean crmCleared) {
    long total() {
      return rows.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private ErasureLog() {}

  /**
   * Appends the entries, except those that removed nothing for a lead already recorded: running the same erasure
   * again (an Airflow retry) leaves the log as it was, while a request for a lead never seen is still recorded.
   */
  static int append(SparkSession spark, Tables tables, List<Entry> entries, String command, String reason,
                    String runId) {
    String path = tables.path(Table.ERASURES);
    Set<String> known = new HashSet<>();
    if (DeltaTable.isDeltaTable(spark, path) && entries.stream().anyMatch(e -> e.total() == 0)) {
      spark.read().format("delta").load(path).select("lead_hash")
          .filter(col("lead_hash").isin(entries.stream().filter(e -> e.total() == 0).map(Entry::leadHash).toArray()))
          .distinct().collectAsList().forEach(r -> known.add(r.getString(0)));
    }
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    for (Entry e : entries) {
      if (e.total() == 0 && known.contains(e.leadHash())) {
        continue;
      }
      rows.add(RowFactory.create(e.leadHash(), now, command, reason, new java.util.TreeMap<>(e.rows()), e.total(),
          e.crmCleared(), runId));
    }
    if (!rows.isEmpty()) {
      spark.createDataFrame(rows, SCHEMA).write().format("delta").mode(SaveMode.Append).save(path);
    }
    return rows.size();
  }
}
