package io.leadscore.bench;

import static io.leadscore.core.Columns.LEAD_ID;
import static org.apache.spark.sql.functions.*;

import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.models.score.ScoreTiers;
import io.leadscore.models.score.ScoringModel;
import io.leadscore.scoring.spark.BatchScoring;
import io.leadscore.training.spark.FeatureVectors;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Batch scoring speed: the project's Spark scoring of N leads without and with reasons, against the raw
 * native {@code Booster.predict} / {@code predictContrib} on the same rows in the same JVM, and the
 * xgboost4j-spark {@code transform} path it replaced (on a sample).
 *
 * <p>{@code bench/run ScoreBench --leads 1000000 [--rounds 150] [--depth 5] [--legacy-rows 200000] [--repeat 0]
 * [--input parquet|cache]} ({@code --repeat K}: the run without reasons K times more after the measured one, each
 * printed, to tell its one-time costs (JIT compilation, generated code) from the cost per lead; the ratios keep the
 * first run). {@code --input parquet} (the default) scores leads read from Parquet files, as the nightly reads its
 * features table; {@code cache} from Spark's in-memory cache, as the first rounds of this bench did: its row-wise
 * read of the cache's compressed columns costs more than the Parquet reader's column vectors.
 */
public final class ScoreBench {
  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int n = Integer.parseInt(a.getOrDefault("leads", "1000000"));
    int rounds = Integer.parseInt(a.getOrDefault("rounds", "150"));
    int depth = Integer.parseInt(a.getOrDefault("depth", "5"));
    int legacyRows = Math.min(n, Integer.parseInt(a.getOrDefault("legacy-rows", "200000")));
    int repeat = Integer.parseInt(a.getOrDefault("repeat", "0"));
    String source = a.getOrDefault("input", "parquet");
    if (!source.equals("parquet") && !source.equals("cache")) {
      throw new IllegalArgumentException("--input is '" + source + "' but must be parquet or cache");
    }
    int cores = Runtime.getRuntime().availableProcessors();
    FeatureCatalog catalog = FeatureCatalog.standard();
    List<String> names = catalog.names();
    int w = names.size();
    System.out.println("ScoreBench: " + BenchSupport.machine());
    System.out.printf(Locale.ROOT, "leads %,d, features %d, model %d trees of depth %d%n", n, w, rounds, depth);

    float[] x = ScoreBenchData.synthetic(catalog, n, 11);
    Booster booster = ScoreBenchData.train(catalog, rounds, depth, cores);

    // native reference: one DMatrix of all rows, all cores
    booster.setParam("nthread", cores);
    booster.predict(new DMatrix(x, Math.min(n, 10_000), w, Float.NaN));
    Native before = reference(booster, x, n, w);
    float[][] p = before.probabilities;
    System.out.printf(Locale.ROOT, "native Booster.predict        %,12.0f rows/s (CPU %.2f us a row)%n",
        before.predict, before.predictCpu * 1e6 / n);
    System.out.printf(Locale.ROOT, "native Booster.predictContrib %,12.0f rows/s (%d x %d contributions; CPU %.1f us "
        + "a row)%n", before.contrib, n, w + 1, before.contribCpu * 1e6 / n);
    // what the Spark path does per task: batches of 4096 rows, inplace_predict on one thread (x cores = its ceiling)
    Booster single = XGBoost.loadModel(booster.toByteArray("ubj"));
    single.setParam("nthread", 1);
    long b0 = System.nanoTime();
    long bc = BenchSupport.processCpuNanos();
    for (int from = 0; from < n; from += 4096) {
      int rows = Math.min(4096, n - from);
      single.inplace_predict(java.util.Arrays.copyOfRange(x, from * w, (from + rows) * w), rows, w, Float.NaN);
    }
    double batched = n / secs(b0);
    double batchedCpu = cpuSecs(bc);
    single.dispose();
    System.out.printf(Locale.ROOT, "native inplace_predict, batches of 4096 on 1 thread %,12.0f rows/s (x %d cores "
        + "= %,.0f; CPU %.2f us a row)%n", batched, cores, batched * cores, batchedCpu * 1e6 / n);

    SparkSession spark = SparkSession.builder().master("local[" + cores + "]").appName("ScoreBench")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", String.valueOf(cores))
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    Dataset<Row> leads = ScoreBenchData.frame(spark, names, x, n).repartition(cores * 2).persist(StorageLevel.MEMORY_ONLY());
    leads.count();
    if (source.equals("parquet")) {
      String dir = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "scorebench-leads").toUri().toString();
      leads.write().mode("overwrite").parquet(dir);
      leads = spark.read().parquet(dir);
    }
    System.out.println("input: " + source + " (" + leads.rdd().getNumPartitions() + " partitions)");
    ScoringModel model = new ScoringModel("bench", "1", "champion", names, booster.toByteArray("ubj"));
    ScoreTiers tiers = new ScoreTiers(70, 40, 20);
    io.leadscore.models.score.ReasonSettings three = io.leadscore.scoring.ScoringSettings.from(
        io.leadscore.core.config.LeadscoreConfig.defaults(java.util.Map.of())).reasons().withCount(3);
    Dataset<Row> input = leads.withColumn("arm", lit("champion"));

    run(BatchScoring.score(input.limit(20_000), List.of(model), catalog, three, tiers, 4096)); // warm-up
    long t = System.nanoTime();
    long c = BenchSupport.processCpuNanos();
    run(BatchScoring.score(input, List.of(model), catalog, three.withCount(0), tiers, 4096));
    double plain = n / secs(t);
    double plainCpu = cpuSecs(c);
    for (int i = 1; i <= repeat; i++) {
      long ti = System.nanoTime();
      long ci = BenchSupport.processCpuNanos();
      run(BatchScoring.score(input, List.of(model), catalog, three.withCount(0), tiers, 4096));
      System.out.printf(Locale.ROOT, "spark scoring, no reasons, again (%d)  %,12.0f leads/s, CPU %.2f us a lead%n", i,
          n / secs(ti), cpuSecs(ci) * 1e6 / n);
    }
    t = System.nanoTime();
    c = BenchSupport.processCpuNanos();
    run(BatchScoring.score(input, List.of(model), catalog, three, tiers, 4096));
    double reasons = n / secs(t);
    double reasonsCpu = cpuSecs(c);
    // the machine is shared: the native reference runs again after the Spark runs, and the ratios use the mean
    Native after = reference(booster, x, n, w);
    System.out.printf(Locale.ROOT, "native again: predict %,.0f rows/s, predictContrib %,.0f rows/s%n",
        after.predict, after.contrib);
    double nativePredict = (before.predict + after.predict) / 2;
    double nativeContrib = (before.contrib + after.contrib) / 2;
    System.out.printf(Locale.ROOT, "spark scoring, no reasons     %,12.0f leads/s = %.2f x native predict "
        + "(target >= 0.5: %s)%n", plain, plain / nativePredict, plain / nativePredict >= 0.5 ? "met" : "missed");
    System.out.printf(Locale.ROOT, "spark scoring, 3 reasons      %,12.0f leads/s = %.2f x native predictContrib; "
            + "time %.2f x native predictContrib (target <= 1.3: %s)%n", reasons, reasons / nativeContrib,
        nativeContrib / reasons, nativeContrib / reasons <= 1.3 ? "met" : "missed");
    // the same runs by the CPU the whole process used (every thread, GC and JIT too): the load of a shared
    // machine stretches wall times far more than CPU; not the targets' figures, which are wall-time rates
    double predictCpu = (before.predictCpu + after.predictCpu) / 2;
    double contribCpu = (before.contribCpu + after.contribCpu) / 2;
    System.out.printf(Locale.ROOT, "by CPU: spark no reasons %.2f us a lead = %.2f x native predict's CPU a row; "
            + "3 reasons %.1f us a lead = %.2f x native predictContrib's CPU a row%n", plainCpu * 1e6 / n,
        plainCpu / predictCpu, reasonsCpu * 1e6 / n, reasonsCpu / contribCpu);

    if (legacyRows > 0) {
      XGBoostClassificationModel legacy = new XGBoostClassificationModel("bench", 2,
          new ml.dmlc.xgboost4j.scala.Booster(booster), scala.Option.empty());
      Dataset<Row> sample = FeatureVectors.assemble(leads.limit(legacyRows), names)
          .persist(StorageLevel.MEMORY_ONLY());
      sample.count();
      t = System.nanoTime();
      run(legacy.transform(sample).select(col(LEAD_ID), FeatureVectors.positiveProbability()));
      double tr = legacyRows / secs(t);
      legacy.setContribPredictionCol("contrib");
      t = System.nanoTime();
      run(legacy.transform(sample).select(col(LEAD_ID), FeatureVectors.positiveProbability(),
          org.apache.spark.ml.functions.vector_to_array(col("contrib"), "float64")));
      double trc = legacyRows / secs(t);
      System.out.printf(Locale.ROOT, "xgboost4j-spark transform     %,12.0f rows/s (on %,d rows, before this change)%n",
          tr, legacyRows);
      System.out.printf(Locale.ROOT, "  + contribution column       %,12.0f rows/s (without turning them into reasons)%n",
          trc);
    }
    System.out.printf(Locale.ROOT, "check: mean probability %.4f; peak heap %d MiB%n", mean(p), BenchSupport.peakHeapMiB());
    spark.stop();
  }

  /** Native rows/s of one all-core predict and predictContrib over every row, in this process. */
  private record Native(double predict, double contrib, float[][] probabilities, double predictCpu,
                        double contribCpu) {}

  private static Native reference(Booster booster, float[] x, int n, int w) throws Exception {
    DMatrix all = new DMatrix(x, n, w, Float.NaN);
    try {
      long t = System.nanoTime();
      long c = BenchSupport.processCpuNanos();
      float[][] p = booster.predict(all);
      double predict = n / secs(t);
      double predictCpu = cpuSecs(c);
      t = System.nanoTime();
      c = BenchSupport.processCpuNanos();
      booster.predictContrib(all, 0);
      return new Native(predict, n / secs(t), p, predictCpu, cpuSecs(c));
    } finally {
      all.dispose();
    }
  }

  private static void run(Dataset<Row> df) {
    df.write().format("noop").mode("overwrite").save();
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double cpuSecs(long cpu0) {
    return (BenchSupport.processCpuNanos() - cpu0) / 1e9;
  }

  private static double mean(float[][] p) {
    double s = 0;
    for (float[] r : p) {
      s += r[0];
    }
    return s / p.length;
  }
}
