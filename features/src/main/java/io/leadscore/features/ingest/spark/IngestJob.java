package io.leadscore.features.ingest.spark;

import static org.apache.spark.sql.functions.*;

import io.delta.tables.DeltaTable;
import io.leadscore.features.LeadscoreException;
import io.leadscore.features.Tables;
import io.leadscore.features.Tables.Table;
import io.leadscore.features.ingest.IngestSpec;
import io.leadscore.features.ingest.Reconciliation;
import io.leadscore.features.ingest.SourceMapping;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;

/**
 * Landing -> bronze -> silver for one batch date. Bronze keeps each row as received (keyed by file and
 * row number, so re-ingesting a file is a no-op); silver is typed, validated, deduplicated by business
 * key (latest wins) and upserted with MERGE; every rejected row goes to quarantine with its rule.
 */
public final class IngestJob {
  private final SparkSession spark;
  private final Tables tables;

  public IngestJob(SparkSession spark, Tables tables) {
    this.spark = spark;
    this.tables = tables;
  }

  public List<Reconciliation> run(IngestSpec spec) {
    List<Reconciliation> out = new ArrayList<>();
    for (SourceMapping m : spec.sources()) {
      if (!Files.isRegularFile(spec.fileOf(m))) {
        continue; // no export of this source today: nothing received
      }
      Reconciliation r = ingestFile(spec, m);
      if (!r.holds()) {
        throw LeadscoreException.of("Reconciliation failed for %s: received %d != accepted %d + quarantined %d",
            r.file(), r.received(), r.accepted(), r.quarantined());
      }
      out.add(r);
    }
    return out;
  }

  private Reconciliation ingestFile(IngestSpec spec, SourceMapping m) {
    String name = spec.recordedName(m);
    String bronzePath = tables.path(Table.bronzeOf(m.name()));
    if (alreadyIngested(bronzePath, name)) {
      return new Reconciliation(m.name(), name, 0, 0, 0, true);
    }
    Dataset<Row> raw = RawReader.read(spark, m, spec.fileOf(m).toString())
        .withColumn("_source_file", lit(name))
        .withColumn("_batch_date", lit(java.sql.Date.valueOf(spec.batchDate())))
        .withColumn("_ingested_at", current_timestamp());
    raw.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long received = raw.count();
      upsert(raw, bronzePath, "t._source_file = s._source_file AND t._row_number = s._row_number", null);

      Dataset<Row> checked = raw.withColumn("_violations", Validation.violations(m));
      checked.persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> accepted = checked.filter(size(col("_violations")).equalTo(0));
      Dataset<Row> rejected = checked.filter(size(col("_violations")).gt(0));
      long acceptedCount = accepted.count();
      long quarantined = rejected.count();

      upsert(Validation.quarantineRows(m, rejected), tables.path(Table.QUARANTINE),
          "t.source = s.source AND t.source_file = s.source_file AND t.row_number = s.row_number", null);
      Dataset<Row> silver = dedupe(m, Validation.typed(m, accepted, spec.piiSalt()));
      String latest = "coalesce(s.%1$s, timestamp'1970-01-01') >= coalesce(t.%1$s, timestamp'1970-01-01')";
      upsert(silver, tables.path(Table.silverOf(m.table())), keyCondition(m),
          m.latestBy() == null ? "true" : String.format(latest, m.latestBy()));
      checked.unpersist();
      return new Reconciliation(m.name(), name, received, acceptedCount, quarantined, false);
    } finally {
      raw.unpersist();
    }
  }

  private boolean alreadyIngested(String bronzePath, String file) {
    if (!DeltaTable.isDeltaTable(spark, bronzePath)) {
      return false;
    }
    return !spark.read().format("delta").load(bronzePath).filter(col("_source_file").equalTo(file)).limit(1)
        .isEmpty();
  }

  private static Dataset<Row> dedupe(SourceMapping m, Dataset<Row> typed) {
    Column[] keys = m.key().stream().map(k -> col(k)).toArray(Column[]::new);
    return typed
        .withColumn("_rank", row_number().over(Window.partitionBy(keys)
            .orderBy(m.latestBy() == null ? col("_row_number").desc() : col(m.latestBy()).desc_nulls_last(),
                col("_row_number").desc())))
        .filter(col("_rank").equalTo(1))
        .drop("_rank");
  }

  private static String keyCondition(SourceMapping m) {
    return m.key().stream().map(k -> "t." + k + " = s." + k).collect(Collectors.joining(" AND "));
  }

  /** MERGE: insert new keys; update matched ones only when {@code updateWhen} holds (null: never update). */
  private void upsert(Dataset<Row> source, String path, String on, String updateWhen) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      source.limit(0).write().format("delta").save(path);
    }
    var merge = DeltaTable.forPath(spark, path).as("t").merge(source.as("s"), on);
    if (updateWhen != null) {
      merge = merge.whenMatched(updateWhen).updateAll();
    }
    merge.whenNotMatched().insertAll().execute();
  }

}
