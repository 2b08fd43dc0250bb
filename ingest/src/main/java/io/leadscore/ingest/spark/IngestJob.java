package io.leadscore.ingest.spark;

import static org.apache.spark.sql.functions.*;

import io.delta.tables.DeltaTable;
import io.leadscore.core.LeadscoreException;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.ingest.IngestSpec;
import io.leadscore.ingest.Reconciliation;
import io.leadscore.ingest.SourceMapping;
import java.sql.Timestamp;
import java.time.Instant;
import io.leadscore.core.runs.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Landing -> bronze -> silver for one batch date. Per file: one pass outside Spark gives its identity (name,
 * size, SHA-256), encoding and independent record count (on its own thread, one file ahead of Spark); then Spark parses and validates it once into a
 * staging copy (Parquet under {@code <root>/ops/_ingest_staging}, deleted after the file), one aggregation over
 * that copy gives the received/quarantined counts and the row numbers, and received must equal the
 * independent count.
 * Quarantine and silver (MERGE, latest wins) are written next, bronze last: a bronze row for the file marks
 * it ingested, so a re-run after a crash redoes the file (both earlier writes are idempotent MERGEs) and a
 * re-run after success changes nothing. A same-named file with other content is a corrected re-delivery: it
 * is ingested under {@code <name>#<checksum prefix>}, and bronze keeps both.
 *
 * <p>Whatever makes the run degraded (a failed file, a missing required export, a file no source reads, a
 * folder without its ready marker) is in {@link Result#problems()}.
 */
public final class IngestJob {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);
  private final SparkSession spark;
  private final Tables tables;
  private Consumer<String> progress = line -> { };

  /** A file whose content cannot be ingested as a whole: it fails, the other files still load. */
  static final class FileFailure extends LeadscoreException {
    FileFailure(String message) {
      super(message);
    }
  }

  /** Every file's reconciliation, and what makes the run degraded. */
  public record Result(List<Reconciliation> files, List<Problem> problems) {
    public Result {
      files = List.copyOf(files);
      problems = List.copyOf(problems);
    }
  }

  public IngestJob(SparkSession spark, Tables tables) {
    this.spark = spark;
    this.tables = tables;
  }

  /** Receives one line per file as it completes (rows, seconds, rows/s, and an ETA once past 30 s). */
  public IngestJob withProgress(Consumer<String> lines) {
    this.progress = lines;
    return this;
  }

  public List<Reconciliation> run(IngestSpec spec) {
    return ingest(spec).files();
  }

  public Result ingest(IngestSpec spec) {
    LandingFiles landing = new LandingFiles(spark.sparkContext().hadoopConfiguration());
    List<Reconciliation> out = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    Map<SourceMapping, List<LandingFiles.Found>> files = new LinkedHashMap<>();
    for (SourceMapping m : spec.sources()) {
      List<LandingFiles.Found> found = landing.of(spec, m);
      if (found.isEmpty()) {
        if (m.required()) {
          problems.add(Problem.of(Problem.EXPORT_MISSING, spec.folderOf(m) + "/" + m.file(), String.format(
              "the required export of source '%s' is missing for batch date %s, so its table keeps yesterday's "
                  + "data. Deliver the file and run `leadscore ingest` again (or set required = false in "
                  + "leadscore.sources.%s)", m.name(), spec.batchDate(), m.name())));
        }
        continue; // an optional export that is not there today: nothing received
      }
      if (!landing.ready(spec, m)) {
        problems.add(Problem.of(Problem.FILE_NOT_READY, spec.folderOf(m).toString(), String.format("no ready "
            + "marker '%s' (waited %s): the upload may be incomplete, so source '%s' was not read. Run again once "
            + "the marker is there", m.readyMarker(), spec.readyWait(), m.name())));
        continue;
      }
      files.put(m, found);
    }
    long totalBytes = files.values().stream().flatMap(List::stream).mapToLong(LandingFiles.Found::size).sum();
    long t0 = System.nanoTime();
    // The pass over each file's bytes (checksum, decompression, record count) runs on one thread, ahead of
    // Spark: while Spark loads a file, the next one is scanned, on a core a single-task stage (a gzip read)
    // leaves idle. Scans run in file order and hold only their small results.
    java.util.concurrent.ExecutorService scanner = java.util.concurrent.Executors.newSingleThreadExecutor(task -> {
      Thread t = new Thread(task, "leadscore-file-scan");
      t.setDaemon(true);
      return t;
    });
    Map<LandingFiles.Found, java.util.concurrent.Future<FileScan.Facts>> scans = new java.util.HashMap<>();
    var conf = spark.sparkContext().hadoopConfiguration();
    files.forEach((m, found) -> found.forEach(f -> scans.put(f, scanner.submit(() -> FileScan.scan(conf,
        f.location(), m)))));
    try {
      ingestAll(spec, files, scans, out, problems, totalBytes, t0);
    } finally {
      scanner.shutdownNow();
    }
    problems.addAll(landing.unrecognised(spec));
    if (spec.bronzeRetentionDays() > 0) {
      purgeBronze(spec);
    }
    return new Result(out, problems);
  }

  private void ingestAll(IngestSpec spec, Map<SourceMapping, List<LandingFiles.Found>> files,
                         Map<LandingFiles.Found, java.util.concurrent.Future<FileScan.Facts>> scans,
                         List<Reconciliation> out, List<Problem> problems, long totalBytes, long t0) {
    long doneBytes = 0;
    for (var e : files.entrySet()) {
      SourceMapping m = e.getKey();
      for (LandingFiles.Found f : e.getValue()) {
        long started = System.nanoTime();
        Reconciliation r;
        try {
          r = ingestFile(spec, m, f, facts(scans.get(f)));
        } catch (RawReader.MissingColumns | FileFailure ex) {
          // this file fails; the other files still load
          LOG.debug(ex.getMessage());
          r = Reconciliation.failed(m.name(), spec.recordedName(m, f.name()), ex.getMessage());
        }
        if (r.failed()) {
          problems.add(Problem.of(Problem.FILE_FAILED, r.file(), "not loaded: " + r.failure()));
        }
        if (!r.holds()) {
          throw LeadscoreException.of("Reconciliation failed for %s: received %d != accepted %d + quarantined %d",
              r.file(), r.received(), r.accepted(), r.quarantined());
        }
        out.add(r);
        doneBytes += f.size();
        progress.accept(Progress.line("ingest " + r.file(), r.received(), started, t0, doneBytes, totalBytes));
      }
    }
  }

  /** The scan's result, or its own exception (a LeadscoreException naming the file) as if run here. */
  private static FileScan.Facts facts(java.util.concurrent.Future<FileScan.Facts> scan) {
    try {
      return scan.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LeadscoreException("Interrupted while scanning an export", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new LeadscoreException("Cannot scan an export: " + e.getCause(), e.getCause());
    }
  }

  private Reconciliation ingestFile(IngestSpec spec, SourceMapping m, LandingFiles.Found f, FileScan.Facts facts) {
    String bronzePath = tables.path(Table.bronzeOf(m.table()));
    String baseName = spec.recordedName(m, f.name());
    FileIdentity.Seen seen = FileIdentity.lookup(spark, bronzePath, baseName, facts.sha256());
    if (seen.ingested() != null) {
      return new Reconciliation(m.name(), seen.ingested(), 0, 0, 0, true);
    }
    String name = seen.earlier().isEmpty() ? baseName : baseName + "#" + facts.sha256().substring(0, 12);
    List<String> notes = new ArrayList<>();
    if (!seen.earlier().isEmpty()) {
      notes.add("a corrected re-delivery (other content than " + seen.earlier() + "): ingested as " + name
          + ", bronze keeps both");
    }
    if (facts.encoding() != null && facts.encoding().mismatch() != null) {
      throw new FileFailure("Export " + f.location() + " is not in its declared encoding: "
          + facts.encoding().mismatch());
    }
    if (facts.encoding() != null && facts.encoding().bomLength() > 0
        && !facts.encoding().charset().name().equals("UTF-8")) {
      notes.add("read as " + facts.encoding().charset().name() + " (byte-order mark)");
    }
    if (facts.counts() != null && facts.counts().openQuoteCount() > 0) {
      notes.add(facts.counts().openQuoteCount() + " record(s) with a quote left open at the end of the line, "
          + "quarantined as parse (first: " + facts.counts().openQuote() + ")");
    }
    if (facts.counts() != null && facts.counts().overlongCount() > 0) {
      throw new FileFailure(String.format("Export %s: %d record(s) span more than max_record_lines (%d) lines, "
          + "first at %s: an unclosed quote makes the parser swallow the following records. Fix the quote in "
          + "the export, or raise leadscore.sources.%s.max_record_lines if such long records are real",
          f.location(), facts.counts().overlongCount(), m.read().maxRecordLines(), facts.counts().overlong(),
          m.name()));
    }
    int cores = spark.sparkContext().defaultParallelism();
    RawReader.Raw raw = RawReader.read(spark, m, f.location(), facts, cores);
    if (raw.empty()) {
      return new Reconciliation(m.name(), name, 0, 0, 0, false, 0, List.of(), List.of(), null, notes);
    }
    Dataset<Row> rows0 = raw.rows();
    if (rows0.rdd().getNumPartitions() < cores) {
      // a gzip file or a multi-line CSV is read by one task: spread the validation over every core (the row
      // numbers were fixed at the read, from the input partition and position). Hashing the position needs
      // no sort, unlike a round-robin repartition (which sorts every row in that one task to stay
      // deterministic on a retry)
      rows0 = rows0.repartition(cores, col("_mid"));
    }
    // The file is parsed and validated once, into a staging copy (Parquet, on the lakehouse's own file system):
    // every later pass (counts, quarantine, silver, bronze) reads that columnar copy in parallel, and memory
    // stays bounded whatever the file's size (caching the parsed file instead held it all in the heap).
    String staging = tables.root() + "/ops/_ingest_staging/" + java.util.UUID.randomUUID();
    try {
      rows0.withColumn("_violations", Validation.violations(m, spec.futureCutoff(), spec.batchDate().getYear(),
              facts.mayBeUndecodable()))
          .write().parquet(staging);
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
        throw new FileFailure(String.format("Export %s: the parser read %d records but the file has %d (counted "
            + "independently, %s); they disagree %s. Nothing of this file was loaded: check its delimiter, quotes "
            + "and line breaks", f.location(), received, independent,
            m.format().equals("parquet") ? "from the Parquet footer" : "quote-aware, blank lines skipped",
            FileIdentity.whereTheyDisagree(facts, m)));
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
      BronzeStats.prepare(spark, bronzePath, rows.drop("_violations"));
      rows.drop("_violations").write().format("delta").mode("append").option("mergeSchema", "true")
          .save(bronzePath);
      return new Reconciliation(m.name(), name, received, accepted, quarantined, false,
          Math.max(0, accepted - written), raw.newColumns(), raw.missingColumns(), null, notes);
    } finally {
      deleteStaging(staging);
    }
  }

  private void deleteStaging(String staging) {
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(staging);
      p.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(p, true);
    } catch (java.io.IOException e) {
      // the next ingest does not read it; say where it is so that it can be removed
      LOG.warn("Could not delete the ingest staging folder {}: {}", staging, e.getMessage());
    }
  }

  private static Dataset<Row> dedupe(SourceMapping m, Dataset<Row> typed) {
    Column[] keys = m.keyColumns().stream().map(k -> col(k)).toArray(Column[]::new);
    return typed
        .withColumn("_rank", row_number().over(Window.partitionBy(keys)
            .orderBy(m.latestBy() == null ? col("_row_number").desc() : col(m.latestBy()).desc_nulls_last(),
                col("_row_number").desc())))
        .filter(col("_rank").equalTo(1))
        .drop("_rank");
  }

  private static String keyCondition(SourceMapping m) {
    return m.keyColumns().stream().map(k -> "t.`" + k + "` <=> s.`" + k + "`").collect(Collectors.joining(" AND "));
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
