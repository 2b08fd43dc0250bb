package io.leadscore.bench;

import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.config.FeaturesSettings;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.ingest.generate.ExportGenerator;
import io.leadscore.ingest.generate.GeneratorSpec;
import io.leadscore.features.gold.GoldSettings;
import io.leadscore.features.gold.SnapshotPlan;
import io.leadscore.features.gold.spark.FeatureJob;
import io.leadscore.ingest.IngestSpec;
import io.leadscore.ingest.SourceMapping;
import io.leadscore.ingest.spark.IngestJob;
import io.leadscore.core.spark.Sparks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Builds point-in-time features and the training set for generated data at a chosen scale and prints wall
 * time, rows and peak heap. Usage: {@code bench/run FeatureBench [leads] [history_days] [work_dir]}
 * (defaults 1,000,000 leads, 365 days, target/bench-features). Generation and ingestion are timed apart;
 * a work folder that already holds the ingested lakehouse for the same size is reused.
 */
public final class FeatureBench {
  private FeatureBench() {}

  public static void main(String[] args) throws Exception {
    int leads = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
    int history = args.length > 1 ? Integer.parseInt(args[1]) : 365;
    Path work = Path.of(args.length > 2 ? args[2] : "target/bench-features").resolve(leads + "-" + history);
    LocalDate date = LocalDate.of(2026, 11, 24);
    System.out.println("machine: " + BenchSupport.machine());
    var config = LeadscoreConfig.defaults(Map.of("leadscore.storage.root", work.resolve("lakehouse").toString(),
        "leadscore.spark.shuffle_partitions", String.valueOf(Math.max(8, leads / 50_000))));
    FeaturesSettings settings = FeaturesSettings.from(config);
    SparkSession spark = Sparks.session(settings.core());
    Tables tables = Tables.at(settings.core().storageRoot());

    if (!Files.isDirectory(work.resolve("lakehouse").resolve("silver").resolve("events"))) {
      long t0 = System.nanoTime();
      ExportGenerator.Result g = new ExportGenerator(new GeneratorSpec(work.resolve("landing"), date, leads, history,
          42)).generate();
      System.out.printf("generate: %d leads, %d activities, %d events in %.1f s%n", g.leads(), g.activities(),
          g.events(), seconds(t0));
      t0 = System.nanoTime();
      new IngestJob(spark, tables).run(new IngestSpec(date, work.resolve("landing"), SourceMapping.all(config),
          "bench-salt"));
      System.out.printf("ingest: %.1f s%n", seconds(t0));
    }
    long events = spark.read().format("delta").load(tables.path(Table.EVENTS)).count();
    long activities = spark.read().format("delta").load(tables.path(Table.ACTIVITIES)).count();
    long leadRows = spark.read().format("delta").load(tables.path(Table.LEADS)).count();
    System.out.printf("silver: %d leads, %d events, %d activities%n", leadRows, events, activities);

    SnapshotPlan plan = settings.plan(date);
    long t0 = System.nanoTime();
    FeatureJob.Result r = new FeatureJob(spark, tables, FeatureCatalog.standard(), GoldSettings.from(config))
        .rebuildingSnapshots().run(plan); // a full build every time, so figures compare across runs
    double s = seconds(t0);
    System.out.printf("features: %d snapshots, %d feature rows today, %d training rows, %d features, %.1f s "
            + "(%.0f training rows/s), peak heap %d MiB%n", r.snapshots() + 1, r.featureRowsToday(), r.trainingRows(),
        FeatureCatalog.standard().names().size(), s, r.trainingRows() / s, BenchSupport.peakHeapMiB());
    System.out.println(r.leakage().message());
    System.out.println("single-feature AUC: " + r.leakage().auc());
    spark.stop();
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
