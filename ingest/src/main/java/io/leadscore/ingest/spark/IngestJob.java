package io.leadscore.ingest.spark;

import io.leadscore.core.Tables;
import io.leadscore.core.runs.Problem;
import io.leadscore.ingest.IngestErrors;
import io.leadscore.ingest.IngestException;
import io.leadscore.ingest.IngestSpec;
import io.leadscore.ingest.Reconciliation;
import io.leadscore.ingest.RequiredExports;
import io.leadscore.ingest.SourceMapping;
import io.leadscore.ingest.landing.FindLandingFiles;
import io.leadscore.ingest.landing.LandingFiles;
import io.leadscore.ingest.landing.Progress;
import io.leadscore.ingest.landing.ScanAhead;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
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
 * <p>The steps, each its own class: {@link FindLandingFiles}, {@link ScanAhead}, then per file {@link LoadFile}
 * ({@link IdentifyFile}, {@link StageFile}, {@link QuarantineRows}, {@link MergeSilver}, {@link AppendBronze}),
 * and {@link PurgeBronze}.
 *
 * <p>Whatever makes the run degraded (a failed file, a missing required export or one without records
 * ({@link RequiredExports}), a file no source reads, a folder without its ready marker) is in
 * {@link Result#problems()}.
 */
public final class IngestJob {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);
  private final SparkSession spark;
  private final Tables tables;
  private Consumer<String> progress = line -> { };

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
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    LandingFiles landing = new LandingFiles(conf);
    FindLandingFiles.Landed landed = new FindLandingFiles(landing).run(spec);
    List<Problem> problems = new ArrayList<>(landed.problems());
    List<Reconciliation> files;
    try (ScanAhead scans = new ScanAhead(conf, landed.files())) {
      files = loadAll(spec, landed, scans, problems);
    }
    problems.addAll(landing.unrecognised(spec));
    new PurgeBronze(spark, tables).run(spec);
    return new Result(files, problems);
  }

  /** Each file in turn; a file that fails is a problem of the run, and the other files still load. */
  private List<Reconciliation> loadAll(IngestSpec spec, FindLandingFiles.Landed landed, ScanAhead scans,
                                       List<Problem> problems) {
    LoadFile load = new LoadFile(spark, tables);
    List<Reconciliation> out = new ArrayList<>();
    long totalBytes = landed.totalBytes();
    long t0 = System.nanoTime();
    long doneBytes = 0;
    for (var e : landed.files().entrySet()) {
      SourceMapping m = e.getKey();
      List<RequiredExports.Delivered> delivered = new ArrayList<>();
      for (LandingFiles.Found f : e.getValue()) {
        long started = System.nanoTime();
        Reconciliation r;
        try {
          r = load.run(spec, m, f, scans.facts(f));
        } catch (IngestException.FileFailure ex) {
          LOG.debug(ex.getMessage());
          r = Reconciliation.failed(m.name(), spec.recordedName(m, f.name()), ex.getMessage());
        }
        if (r.failed()) {
          problems.add(Problem.of(Problem.FILE_FAILED, r.file(), "not loaded: " + r.failure()));
        }
        if (!r.holds()) {
          throw IngestErrors.of("Reconciliation failed for %s: received %d != accepted %d + quarantined %d",
              r.file(), r.received(), r.accepted(), r.quarantined());
        }
        out.add(r);
        delivered.add(new RequiredExports.Delivered(r, f.size()));
        doneBytes += f.size();
        progress.accept(Progress.line("ingest " + r.file(), r.received(), started, t0, doneBytes, totalBytes));
      }
      RequiredExports.empty(m, spec, delivered).ifPresent(problems::add);
    }
    return out;
  }
}
