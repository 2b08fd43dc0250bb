package io.leadscore.cli;

import com.typesafe.config.Config;
import io.leadscore.features.Tables;
import io.leadscore.features.config.FeaturesSettings;
import io.leadscore.features.config.LeadscoreConfig;
import io.leadscore.features.spark.Sparks;
import io.leadscore.training.TrainingSettings;
import io.leadscore.training.registry.ModelRegistry;
import io.leadscore.training.report.RunRecords;
import io.leadscore.training.tracking.RegistryAliases;
import io.leadscore.training.tracking.RunContext;
import io.leadscore.training.tracking.RunRecorder;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;

/** What a command run shares between its stages: configuration, table catalog, batch date and the session. */
final class Context {
  final Config config;
  final FeaturesSettings features;
  final Tables tables;
  final LocalDate date;
  final Path input;
  final String runId = UUID.randomUUID().toString();
  /** The configuration file's name without .conf ("local", "xeducation"): run names start with it. */
  final String configName;
  private SparkSession spark;

  Context(CommonOptions o) {
    this.config = LeadscoreConfig.load(o.conf, o.overrides);
    this.features = FeaturesSettings.from(config);
    this.tables = Tables.at(features.storageRoot());
    this.date = o.date;
    this.input = o.input;
    String file = o.conf.getFileName() == null ? "leadscore" : o.conf.getFileName().toString();
    this.configName = file.endsWith(".conf") ? file.substring(0, file.length() - 5) : file;
  }

  SparkSession spark() {
    if (spark == null) {
      spark = Sparks.session(features);
    }
    return spark;
  }

  /**
   * Where training runs are recorded: locally, and to MLflow when a tracking server is configured, with
   * this configuration's name and sources as tags, and MLflow's aliases mirroring the local registry.
   */
  RunRecorder runRecorder(TrainingSettings s) {
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

  boolean sparkStarted() {
    return spark != null;
  }
}
