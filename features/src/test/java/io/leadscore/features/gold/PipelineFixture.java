package io.leadscore.features.gold;

import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.ingest.generate.ExportGenerator;
import io.leadscore.ingest.generate.GeneratorSpec;
import io.leadscore.features.gold.spark.FeatureJob;
import io.leadscore.ingest.IngestSpec;
import io.leadscore.ingest.Reconciliation;
import io.leadscore.ingest.SourceMapping;
import io.leadscore.ingest.spark.IngestJob;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Generated exports, ingested and turned into features: the small lakehouse later modules' tests start from. */
public final class PipelineFixture {
  public static final LocalDate DATE = LocalDate.of(2026, 11, 24);

  public final Path dir;
  public final Tables tables;
  public List<Reconciliation> ingest;
  public FeatureJob.Result features;

  private PipelineFixture(Path dir) {
    this.dir = dir;
    this.tables = Tables.at(dir.resolve("lakehouse").toString());
  }

  public static PipelineFixture build(Path dir, int leads) {
    PipelineFixture f = new PipelineFixture(dir);
    new ExportGenerator(new GeneratorSpec(dir.resolve("landing"), DATE, leads, 365, 42)).generate();
    f.ingest = f.ingest();
    f.features = new FeatureJob(SparkTestSession.get(), f.tables, FeatureCatalog.standard())
        .run(new SnapshotPlan(DATE, 30, 14, 196));
    return f;
  }

  public List<Reconciliation> ingest() {
    var config = LeadscoreConfig.defaults(Map.of());
    return new IngestJob(SparkTestSession.get(), tables)
        .run(new IngestSpec(DATE, dir.resolve("landing"), SourceMapping.all(config), "test-salt"));
  }
}
