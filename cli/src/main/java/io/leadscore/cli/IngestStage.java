package io.leadscore.cli;

import io.leadscore.cli.errors.CliErrors;
import io.leadscore.ingest.IngestSpec;
import io.leadscore.ingest.Reconciliation;
import io.leadscore.ingest.SourceMapping;
import io.leadscore.ingest.spark.IngestJob;
import io.leadscore.core.runs.JobSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The ingest stage. */
final class IngestStage implements Stage {
  @Override
  public String name() {
    return "ingest";
  }

  /** The spec from configuration: every source mapping parsed, every ingest key checked. */
  static IngestSpec spec(Context ctx) {
    IngestSpec spec = new IngestSpec(ctx.date, Path.of(ctx.features.landing().landingDir()), SourceMapping.all(ctx.config),
        ctx.config.getString("leadscore.pii.salt"))
        .withBronzeRetentionDays(ctx.config.getInt("leadscore.ingest.bronze_retention_days"))
        .withMaxFutureSkew(ctx.config.getDuration("leadscore.ingest.max_future_skew"))
        .withReadyWait(ctx.config.getDuration("leadscore.ingest.ready_wait"));
    if (ctx.input != null) {
      // a static export read where it is (never copied into the landing folder)
      spec = spec.withInput(ctx.input.toString());
    }
    return spec;
  }

  @Override
  public void validate(Context ctx) {
    spec(ctx);
    if (ctx.input != null && !ctx.input.toString().contains("://") && !Files.isRegularFile(ctx.input)) {
      throw CliErrors.of("--input %s does not exist or is not a file", ctx.input);
    }
  }

  @Override
  public JobSummary run(Context ctx) {
    IngestJob.Result result = new IngestJob(ctx.spark(), ctx.tables).withProgress(ctx.progress).ingest(spec(ctx));
    long received = 0;
    long accepted = 0;
    long quarantined = 0;
    List<String> files = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    List<String> drift = new ArrayList<>();
    long duplicates = 0;
    for (Reconciliation r : result.files()) {
      if (r.failed()) {
        failed.add(r.file());
      }
      if (!r.newColumns().isEmpty()) {
        drift.add(r.file() + ": " + r.newColumns());
      }
      duplicates += r.duplicates();
      received += r.received();
      accepted += r.accepted();
      quarantined += r.quarantined();
      files.add(r.line());
    }
    JobSummary summary = new JobSummary().put("received", received).put("accepted", accepted)
        .put("quarantined", quarantined).put("superseded_duplicates", duplicates).put("files", files)
        .put("failed_files", failed).put("new_columns", drift)
        // leadscore serve's answers since the last night, for monitoring (docs/how-to/serving.md)
        .put("online_scores", io.leadscore.scoring.spark.OnlineScoresIngest.run(ctx.spark(), ctx.tables));
    result.problems().forEach(summary::problem);
    return summary;
  }
}
