package io.leadscore.ingest.spark;

import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.ingest.IngestSpec;
import io.leadscore.ingest.Reconciliation;
import io.leadscore.ingest.Reconciliation.ColumnDrift;
import io.leadscore.ingest.Reconciliation.RowCounts;
import io.leadscore.ingest.SourceMapping;
import io.leadscore.ingest.landing.FileScan;
import io.leadscore.ingest.landing.LandingFiles;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file from landing to bronze, as a sequence of steps: identify it, read and validate it into staging,
 * quarantine the broken rows, merge the valid ones into silver, append it to bronze (last: its bronze rows mark
 * it ingested), and reconcile. The staging copy is deleted whatever happens.
 */
final class LoadFile {
  private static final Logger LOG = LoggerFactory.getLogger(LoadFile.class);
  private final SparkSession spark;
  private final Tables tables;
  private final IdentifyFile identify;
  private final StageFile stage;
  private final QuarantineRows quarantine;
  private final MergeSilver silver;
  private final AppendBronze bronze;

  LoadFile(SparkSession spark, Tables tables) {
    this.spark = spark;
    this.tables = tables;
    this.identify = new IdentifyFile(spark);
    this.stage = new StageFile(spark);
    this.quarantine = new QuarantineRows(spark, tables);
    this.silver = new MergeSilver(spark, tables);
    this.bronze = new AppendBronze(spark);
  }

  Reconciliation run(IngestSpec spec, SourceMapping m, LandingFiles.Found f, FileScan.Facts facts) {
    String bronzePath = tables.path(Table.bronzeOf(m.table()));
    IdentifyFile.Identified id = identify.run(spec, m, f, facts, bronzePath);
    if (id.ingested()) {
      return Reconciliation.alreadyIngested(m.name(), id.name());
    }
    int cores = spark.sparkContext().defaultParallelism();
    RawReader.Raw raw = RawReader.read(spark, m, f.location(), facts, cores);
    if (raw.empty()) {
      return Reconciliation.loaded(m.name(), id.name(), RowCounts.NONE, ColumnDrift.NONE, id.notes());
    }
    String staging = tables.root() + "/ops/_ingest_staging/" + java.util.UUID.randomUUID();
    try {
      StageFile.Staged staged = stage.run(spec, m, f, facts, raw, id.name(), staging);
      quarantine.run(spec, m, staged);
      MergeSilver.Merged merged = silver.run(spec, m, staged);
      bronze.run(bronzePath, m, staged);
      return Reconciliation.loaded(m.name(), id.name(),
          new RowCounts(staged.received(), merged.accepted(), staged.quarantined(), merged.duplicates()),
          new ColumnDrift(raw.newColumns(), raw.missingColumns()), id.notes());
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
}
