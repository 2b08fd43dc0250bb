package io.leadscore.cli;

import com.typesafe.config.Config;
import io.leadscore.core.Tables;
import io.leadscore.features.config.FeaturesSettings;
import io.leadscore.core.spark.Sparks;
import io.leadscore.models.tracking.MlflowSettings;
import io.leadscore.models.registry.ModelRegistry;
import io.leadscore.training.report.RunRecords;
import io.leadscore.models.tracking.RegistryAliases;
import io.leadscore.models.tracking.RunContext;
import io.leadscore.models.tracking.RunRecorder;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/** What a command run shares between its stages: configuration, table catalog, batch date and the session. */
final class Context {
  final Config config;
  final FeaturesSettings features;
  final Tables tables;
  final LocalDate date;
  final Path input;
  final String runId = UUID.randomUUID().toString();
  /** Progress lines while a stage runs (a no-op with --quiet). */
  final Consumer<String> progress;
  /** The configuration file's name without .conf ("local", "xeducation"): run names start with it. */
  final String configName;
  private SparkSession spark;
  private io.leadscore.core.runs.JobSummary soFar = new io.leadscore.core.runs.JobSummary();
  private java.util.Map<String, Double> secondsSoFar = java.util.Map.of();

  /** For commands that run no stages (runs, rollback): configuration only, progress to stdout. */
  Context(CommonOptions o) {
    this(io.leadscore.core.config.LeadscoreConfig.load(o.conf, o.overrides), o,
        new PrintWriter(System.out, true));
  }

  Context(Config config, CommonOptions o, PrintWriter out) {
    this.config = config;
    this.features = FeaturesSettings.from(config);
    this.tables = Tables.at(features.core().storageRoot());
    this.date = o.date;
    this.input = o.input;
    this.progress = o.quiet ? line -> { } : line -> {
      out.println(line);
      out.flush();
    };
    String file = o.conf.getFileName() == null ? "leadscore" : o.conf.getFileName().toString();
    this.configName = file.endsWith(".conf") ? file.substring(0, file.length() - 5) : file;
  }

  SparkSession spark() {
    if (spark == null) {
      spark = Sparks.session(features.core());
    }
    return spark;
  }

  /** Hadoop settings for storage access before Spark starts (the lock): the configured spark.hadoop.* keys. */
  Configuration hadoop() {
    if (spark != null) {
      return spark.sparkContext().hadoopConfiguration();
    }
    Configuration c = new Configuration();
    features.core().sparkConf().forEach((k, v) -> {
      if (k.startsWith("spark.hadoop.")) {
        c.set(k.substring("spark.hadoop.".length()), v);
      }
    });
    return c;
  }

  /** {@code leadscore.lock.stale_after}: a lock older than this is taken over. */
  java.time.Duration lockStaleAfter() {
    return config.getDuration("leadscore.lock.stale_after");
  }

  /**
   * Where training runs are recorded: locally, and to MLflow when a tracking server is configured, with
   * this configuration's name and sources as tags, and MLflow's aliases mirroring the local registry.
   */
  RunRecorder runRecorder(MlflowSettings s) {
    ModelRegistry registry = ModelRegistry.local(tables.modelsDir());
    return RunRecorder.forUri(tables.runsDir(), s.trackingUri(), System.getenv())
        .withContext(new RunContext(configName, sources(), System.getProperty("user.name", "unknown"),
            "leadscore train", RunRecords.gitCommit(System.getenv())))
        .withAliases(s.registeredModel(), () -> RegistryAliases.current(registry));
  }

  /** The data this configuration reads: each ingested source and its file ("leads=leads.csv, ..."), or --input. */
  private String sources() {
    if (!config.hasPath("leadscore.ingest.sources")) {
      return "unknown";
    }
    List<String> out = new ArrayList<>();
    for (String name : config.getStringList("leadscore.ingest.sources")) {
      String file = "leadscore.sources." + name + ".file";
      out.add(name + "=" + (config.hasPath(file) ? config.getString(file) : "?"));
    }
    return String.join(", ", out) + (input == null ? "" : " (--input " + input + ")");
  }

  /** The runner's summary and stage timings before the next stage (the monitor's report shows them). */
  void soFar(io.leadscore.core.runs.JobSummary summary, java.util.Map<String, Double> seconds) {
    this.soFar = summary;
    this.secondsSoFar = seconds;
  }

  io.leadscore.core.runs.JobSummary summarySoFar() {
    return soFar;
  }

  java.util.Map<String, Double> secondsSoFar() {
    return new java.util.LinkedHashMap<>(secondsSoFar);
  }

  boolean sparkStarted() {
    return spark != null;
  }
}
