package io.leadscore.features.gold;

import io.leadscore.core.SharedFixtures;
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

/**
 * Generated exports, ingested and turned into features: the small lakehouse later modules' tests start from.
 * {@link #build} runs the jobs (for the tests of those jobs); {@link #shared} copies the state one build made.
 */
public final class PipelineFixture {
  public static final LocalDate DATE = LocalDate.of(2026, 11, 24);
  /** The modules whose code makes this state. */
  static final List<String> MODULES = List.of("core", "ingest", "features");

  public final Path dir;
  public final Tables tables;
  public List<Reconciliation> ingest;
  public FeatureJob.Result features;

  private PipelineFixture(Path dir) {
    this.dir = dir;
    this.tables = Tables.at(dir.resolve("lakehouse").toString());
  }

  /** Generates, ingests and builds features in {@code dir}, keeping the jobs' results for the tests to check. */
  public static PipelineFixture build(Path dir, int leads) {
    PipelineFixture f = buildIn(dir, leads);
    // later tests of this build start from a copy of this state instead of building it again
    SharedFixtures.get(name(leads), MODULES, to -> SharedFixtures.copyTree(dir, to));
    return f;
  }

  /**
   * The same state as {@link #build}, copied into {@code dir} from the build's shared fixtures (built once per
   * build and code version): for tests that start from it and need no job results ({@link #ingest} and
   * {@link #features} are null).
   */
  public static PipelineFixture shared(Path dir, int leads) {
    SharedFixtures.copy(name(leads), MODULES, to -> buildIn(to, leads), dir);
    return new PipelineFixture(dir);
  }

  private static PipelineFixture buildIn(Path dir, int leads) {
    PipelineFixture f = new PipelineFixture(dir);
    new ExportGenerator(new GeneratorSpec(dir.resolve("landing"), DATE, leads, 365, 42)).generate();
    f.ingest = f.ingest();
    f.features = new FeatureJob(SparkTestSession.get(), f.tables, FeatureCatalog.standard())
        .run(new SnapshotPlan(DATE, 30, 14, 196));
    return f;
  }

  private static String name(int leads) {
    return "pipeline-" + leads;
  }

  public List<Reconciliation> ingest() {
    var config = LeadscoreConfig.defaults(Map.of());
    return new IngestJob(SparkTestSession.get(), tables)
        .run(new IngestSpec(DATE, dir.resolve("landing"), SourceMapping.all(config), "test-salt"));
  }
}
