package io.leadscore.features.ingest.spark;

import static org.apache.spark.sql.functions.*;

import io.delta.tables.DeltaTable;
import io.leadscore.features.LeadscoreException;
import io.leadscore.features.Tables;
import io.leadscore.features.Tables.Table;
import io.leadscore.features.ingest.IngestSpec;
import io.leadscore.features.ingest.Reconciliation;
import io.leadscore.features.ingest.SourceMapping;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Landing -> bronze -> silver for one batch date. Per file: read once and cache, one aggregation gives
 * the received/quarantined counts and the row numbers; quarantine and silver (MERGE, latest wins) are
 * written next, bronze last: a bronze row for the file marks it ingested, so a re-run after a crash redoes
 * the file (both earlier writes are idempotent MERGEs) and a re-run after success changes nothing.
 */
public final class IngestJob {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);
  private final SparkSession spark;
  private final Tables tables;

  public IngestJob(SparkSession spark, Tables tables) {
    this.spark = spark;
    this.tables = tables;
  }

  public List<Reconciliation> run(IngestSpec spec) {
    List<Reconciliation> out = new ArrayList<>();
    for (SourceMapping m : spec.sources()) {
      String location = spec.location(m);
      if (!exists(location)) {
        if (spec.inputs().containsKey(m.name())) {
          throw LeadscoreException.of("--input %s does not exist or is not a file", location);
        }
        continue; // no export of this source today: nothing received
      }
      Reconciliation r;
      try {
        r = ingestFile(spec, m, location);
      } catch (RawReader.MissingColumns e) {
        // this file fails; the other files still load
        LOG.error(e.getMessage());
        r = Reconciliation.failed(m.name(), spec.recordedName(m), e.getMessage());
      }
      if (!r.holds()) {
        throw LeadscoreException.of("Reconciliation failed for %s: received %d != accepted %d + quarantined %d",
            r.file(), r.received(), r.accepted(), r.quarantined());
      }
      out.add(r);
    }
    if (spec.bronzeRetentionDays() > 0) {
      purgeBronze(spec);
    }
    return out;
  }

  private boolean exists(String location) {
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(p) && fs.getFileStatus(p).isFile();
    } catch (IOException e) {
      throw new LeadscoreException("Cannot look up export " + location + ": " + e.getMessage(), e);
    }
  }

  private Reconciliation ingestFile(IngestSpec spec, SourceMapping m, String location) {
    String name = spec.recordedName(m);
    String bronzePath = tables.path(Table.bronzeOf(m.table()));
    if (alreadyIngested(bronzePath, name)) {
      return new Reconciliation(m.name(), name, 0, 0, 0, true);
    }
    RawReader.Raw raw = RawReader.read(spark, m, location);
    if (raw.empty()) {
      return new Reconciliation(m.name(), name, 0, 0, 0, false, 0, List.of(), List.of(), null);
    }
    Dataset<Row> rows0 = raw.rows();
    int cores = spark.sparkContext().defaultParallelism();
    if (rows0.rdd().getNumPartitions() < cores) {
      // a gzip file or a multi-line CSV is read by one task: spread the validation over every core (the row
      // numbers were fixed at the read, from the input partition and position)
      rows0 = rows0.repartition(cores);
    }
    Dataset<Row> base = rows0.withColumn("_violations", Validation.violations(m))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // one pass: rows and rejected rows per input partition (the partition sizes give the row numbers)
      List<Row> parts = base.groupBy("_pid").agg(count(lit(1)).as("n"),
          sum(when(size(col("_violations")).gt(0), 1).otherwise(0)).as("bad")).orderBy("_pid").collectAsList();
      long received = 0;
      long quarantined = 0;
      List<Column> offsets = new ArrayList<>();
      for (Row p : parts) {
        offsets.add(lit(p.getInt(0)));
        offsets.add(lit(received));
        received += p.getLong(1);
        quarantined += p.getLong(2);
      }
      // monotonically_increasing_id = partition << 33 | position in partition
      Dataset<Row> rows = base
          .withColumn("_row_number", element_at(map(offsets.toArray(new Column[0])), col("_pid"))
              .plus(col("_mid").minus(shiftleft(col("_pid").cast("long"), 33))).plus(1))
          .withColumn("_source_file", lit(name))
          .withColumn("_batch_date", lit(java.sql.Date.valueOf(spec.batchDate())))
          .withColumn("_ingested_at", lit(Timestamp.from(Instant.now())))
          .drop("_pid", "_mid");
      if (quarantined > 0) {
        merge(Validation.quarantineRows(m, rows.filter(size(col("_violations")).gt(0)), spec.piiSalt()),
            tables.path(Table.QUARANTINE),
            "t.source = s.source AND t.source_file = s.source_file AND t.row_number = s.row_number", null);
      }
      long accepted = received - quarantined;
      long written = 0;
      if (accepted > 0) {
        Dataset<Row> typed = Validation.typed(m, rows.filter(size(col("_violations")).equalTo(0)), spec.piiSalt());
        Dataset<Row> silver = dedupe(m, AnalyticsHygiene.apply(m, typed));
        String latest = "coalesce(s.%1$s, timestamp'1970-01-01') >= coalesce(t.%1$s, timestamp'1970-01-01')";
        written = merge(silver, tables.path(Table.silverOf(m.table())), keyCondition(m),
            m.latestBy() == null ? "true" : String.format(latest, m.latestBy()));
      }
      // bronze last: its rows mark the file as ingested
      rows.drop("_violations").write().format("delta").mode("append").option("mergeSchema", "true")
          .save(bronzePath);
      return new Reconciliation(m.name(), name, received, accepted, quarantined, false,
          Math.max(0, accepted - written), raw.newColumns(), raw.missingColumns(), null);
    } finally {
      base.unpersist();
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
    return m.key().stream().map(k -> "t.`" + k + "` <=> s.`" + k + "`").collect(Collectors.joining(" AND "));
  }

  /**
   * Into a new table: a plain write. Else MERGE: insert new keys; update matched ones only when
   * {@code updateWhen} holds (null: never update). Returns the number of source rows (from Delta's commit
   * metrics, so the data is not counted twice).
   */
  private long merge(Dataset<Row> source, String path, String on, String updateWhen) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      source.write().format("delta").save(path);
      return lastMetric(path, "numOutputRows");
    }
    var merge = DeltaTable.forPath(spark, path).as("t").merge(source.as("s"), on);
    if (updateWhen != null) {
      merge = merge.whenMatched(updateWhen).updateAll();
    }
    merge.whenNotMatched().insertAll().execute();
    return lastMetric(path, "numSourceRows");
  }

  private long lastMetric(String path, String metric) {
    Row h = DeltaTable.forPath(spark, path).history(1).select("operationMetrics").first();
    scala.collection.Map<String, String> metrics = h.getMap(0);
    return metrics.contains(metric) ? Long.parseLong(metrics.apply(metric)) : 0;
  }

  /** Raw PII lives in bronze only; bronze keeps {@code bronze_retention_days} of batches. */
  private void purgeBronze(IngestSpec spec) {
    java.sql.Date cutoff = java.sql.Date.valueOf(spec.batchDate().minusDays(spec.bronzeRetentionDays()));
    for (SourceMapping m : spec.sources()) {
      String path = tables.path(Table.bronzeOf(m.table()));
      if (DeltaTable.isDeltaTable(spark, path)) {
        DeltaTable.forPath(spark, path).delete(col("_batch_date").lt(lit(cutoff)));
      }
    }
  }
}
