package io.leadscore.cli;

import io.leadscore.ingest.generate.ExportGenerator;
import io.leadscore.core.runs.JobSummary;
import java.nio.file.Path;
import java.util.List;

/** The stages of the nightly flow, in order. */
final class Stages {
  private Stages() {}

  static final Stage GENERATE = new GenerateStage();
  static final Stage INGEST = new IngestStage();
  static final Stage FEATURES = new FeaturesStage();
  static final Stage TRAIN = new TrainStage();
  static final Stage SCORE = new ScoreStage();
  static final Stage ROUTE = new RouteStage();
  /** the nightly's monitor (skipped when leadscore.monitor.enabled = false) and the `monitor` command's */
  static final Stage MATERIALISE = new MaterialiseStage();
  static final Stage MONITOR = new MonitorStage(false);
  static final Stage MONITOR_ALWAYS = new MonitorStage(true);

  static final Stage GENERATE_IF_EMPTY = new Stage() {
    @Override
    public String name() {
      return "generate";
    }

    @Override
    public JobSummary run(Context ctx) {
      if (ctx.features.landing().generateIfEmpty() && ExportGenerator.isEmpty(Path.of(ctx.features.landing().landingDir()))) {
        return GENERATE.run(ctx);
      }
      return new JobSummary().put("generated_leads", 0);
    }
  };
  // purge right after ingest: leads past retention are never used for today's features, training or scores
  // (scoring them and then clearing them would send the CRM two updates), and bronze gets its VACUUM right after
  // ingest's retention delete
  // route right after score: the night's hot leads get their rep (and the CRM their owner) as soon as they are
  // scored; materialise next: the service gets the night's features and scores before the monitor's report
  static final List<Stage> NIGHTLY = List.of(GENERATE_IF_EMPTY, INGEST, PrivacyStages.PURGE, FEATURES, TRAIN, SCORE,
      ROUTE, MATERIALISE, MONITOR);


  static double round(double v) {
    return Double.isNaN(v) ? v : Math.round(v * 10000) / 10000.0;
  }
}
