package io.leadscore.ingest.spark;

import static org.apache.spark.sql.functions.*;

import io.leadscore.ingest.IngestErrors;
import io.leadscore.ingest.IngestSpec;
import io.leadscore.ingest.SourceMapping;
import io.leadscore.ingest.landing.FileScan;
import io.leadscore.ingest.landing.LandingFiles;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Step 4, per file: parse and validate the file once, into a staging copy (Parquet, on the lakehouse's own file
 * system): every later pass (counts, quarantine, silver, bronze) reads that columnar copy in parallel, and memory
 * stays bounded whatever the file's size (caching the parsed file instead held it all in the heap). One
 * aggregation over the copy gives the received and quarantined counts and the row numbers; received must equal
 * the independent count of the file's scan, or the file fails.
 */
final class StageFile {
  /**
   * @param rows the staged rows with their row number, file columns and {@code _violations} (empty: valid)
   */
  record Staged(Dataset<Row> rows, long received, long quarantined) {
    long accepted() {
      return received - quarantined;
    }
  }

  /** HotSpot compiles no method of more bytecode than this ({@code -XX:+DontCompileHugeMethods}, the default). */
  static final int HOTSPOT_HUGE_METHOD_BYTES = 8000;

  private final SparkSession spark;

  StageFile(SparkSession spark) {
    this.spark = spark;
  }

  Staged run(IngestSpec spec, SourceMapping m, LandingFiles.Found f, FileScan.Facts facts, RawReader.Raw raw,
             String name, String staging) {
    int cores = spark.sparkContext().defaultParallelism();
    Dataset<Row> rows0 = raw.rows();
    if (rows0.rdd().getNumPartitions() < cores) {
      // a gzip file or a multi-line CSV is read by one task: spread the validation over every core (the row
      // numbers were fixed at the read, from the input partition and position). Hashing the position needs
      // no sort, unlike a round-robin repartition (which sorts every row in that one task to stay
      // deterministic on a retry)
      rows0 = rows0.repartition(cores, col("_mid"));
    }
    Dataset<Row> validated = Validation.withCleanAndTyped(m, rows0).withColumn("_violations",
        Validation.violations(m, spec.futureCutoff(), spec.batchDate().getYear(), facts.mayBeUndecodable(),
            facts.mayHoldControl()));
    // a copy read a few times and deleted after the file: Parquet's dictionary encoding (hashing and comparing
    // every value) would save only bytes that live for seconds
    writeWithoutHugeMethods(forStaging(m, validated).write().option("parquet.enable.dictionary", "false"),
        staging);
    Dataset<Row> base = spark.read().parquet(staging);
    // rows and rejected rows per input partition (the partition sizes give the row numbers)
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
    long independent = facts.records(m.format().equals("csv"));
    if (received != independent) {
      throw IngestErrors.fileFailure("Export %s: the parser read %d records but the file has %d (counted "
          + "independently, %s); they disagree %s. Nothing of this file was loaded: check its delimiter, quotes "
          + "and line breaks", f.location(), received, independent,
          m.format().equals("parquet") ? "from the Parquet footer" : "quote-aware, blank lines skipped",
          FileIdentity.whereTheyDisagree(facts, m));
    }
    // monotonically_increasing_id = partition << 33 | position in partition
    Dataset<Row> rows = base
        .withColumn("_row_number", element_at(map(offsets.toArray(new Column[0])), col("_pid"))
            .plus(col("_mid").minus(shiftleft(col("_pid").cast("long"), 33))).plus(1))
        .withColumn("_source_file", lit(name))
        .withColumn("_file_size", lit(facts.size()))
        .withColumn("_file_checksum", lit(facts.sha256()))
        .withColumn("_batch_date", lit(java.sql.Date.valueOf(spec.batchDate())))
        .withColumn("_ingested_at", lit(Timestamp.from(Instant.now())))
        .drop("_pid", "_mid");
    if (m.rowKey()) {
      // key = ["@row"]: the id from the file's hash and the record number, in bronze (erasure finds the row by
      // it) and in silver
      rows = rows.withColumn(SourceMapping.ROW_KEY_COLUMN, Validation.rowKey(facts.sha256()));
    }
    return new Staged(rows, received, quarantined);
  }

  /**
   * The rows to stage, without the copies no later step reads: a column's cleaned text only where silver hashes
   * it (for a string column the typed value is the cleaned text), no typed value of a hashed or dropped PII column.
   * Every staged column is written once and read by each later pass, so a copy nobody reads is pure cost.
   */
  static Dataset<Row> forStaging(SourceMapping m, Dataset<Row> validated) {
    List<String> drop = new ArrayList<>();
    m.columns().forEach(c -> {
      boolean hashed = m.privacy().piiHash().contains(c.name());
      if (!hashed) {
        drop.add(Validation.CLEAN + c.name());
      }
      if (hashed || m.privacy().piiDrop().contains(c.name())) {
        drop.add(Validation.TYPED + c.name());
      }
    });
    return validated.drop(drop.toArray(new String[0]));
  }

  /**
   * Every rule of every column in one projection makes a generated method far above HotSpot's 8,000-byte limit for
   * JIT compilation (Spark's own limit, 64 KiB, lets it through): the whole staging pass then ran in the bytecode
   * interpreter. At 8,000 Spark leaves that projection out of whole-stage code generation, and its own projection
   * code is split into methods the JIT compiles. Only for this write: the session's setting is restored.
   */
  private void writeWithoutHugeMethods(org.apache.spark.sql.DataFrameWriter<Row> writer, String staging) {
    String key = "spark.sql.codegen.hugeMethodLimit";
    scala.Option<String> before = spark.conf().getOption(key);
    spark.conf().set(key, HOTSPOT_HUGE_METHOD_BYTES);
    try {
      writer.parquet(staging);
    } finally {
      if (before.isDefined()) {
        spark.conf().set(key, before.get());
      } else {
        spark.conf().unset(key);
      }
    }
  }
}
