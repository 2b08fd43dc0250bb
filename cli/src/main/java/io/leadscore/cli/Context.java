package io.leadscore.cli;

import com.typesafe.config.Config;
import io.leadscore.features.Tables;
import io.leadscore.features.config.FeaturesSettings;
import io.leadscore.features.config.LeadscoreConfig;
import io.leadscore.features.spark.Sparks;
import io.leadscore.training.TrainingSettings;
import io.leadscore.training.tracking.RunRecorder;
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
  private SparkSession spark;

  Context(CommonOptions o) {
    this.config = LeadscoreConfig.load(o.conf, o.overrides);
    this.features = FeaturesSettings.from(config);
    this.tables = Tables.at(features.storageRoot());
    this.date = o.date;
    this.input = o.input;
  }

  SparkSession spark() {
    if (spark == null) {
      spark = Sparks.session(features);
    }
    return spark;
  }

  /** Where training runs are recorded: locally, and to MLflow when a tracking server is configured. */
  RunRecorder runRecorder(TrainingSettings s) {
    return RunRecorder.forUri(tables.runsDir(), s.trackingUri(), System.getenv());
  }

  boolean sparkStarted() {
    return spark != null;
  }
}
