package io.leadscore.cli;

import io.leadscore.features.ingest.IngestSpec;
import io.leadscore.features.ingest.Reconciliation;
import io.leadscore.features.ingest.SourceMapping;
import io.leadscore.features.ingest.spark.IngestJob;
import io.leadscore.features.runs.JobSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The ingest stage. */
final class IngestStage implements Stage {
  @Override
  public String name() {
    return "ingest";
  }

  @Override
  public JobSummary run(Context ctx) {
    IngestSpec spec = new IngestSpec(ctx.date, Path.of(ctx.features.landingDir()), SourceMapping.all(ctx.config),
        ctx.config.getString("leadscore.pii.salt"))
        .withBronzeRetentionDays(ctx.config.getInt("leadscore.ingest.bronze_retention_days"));
    if (ctx.input != null) {
      // a static export read where it is (never copied into the landing folder)
      spec = spec.withInput(ctx.input.toString());
    }
    List<Reconciliation> recs = new IngestJob(ctx.spark(), ctx.tables).run(spec);
    long received = 0;
    long accepted = 0;
    long quarantined = 0;
    List<String> files = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    List<String> drift = new ArrayList<>();
    long duplicates = 0;
    for (Reconciliation r : recs) {
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
    return new JobSummary().put("received", received).put("accepted", accepted).put("quarantined", quarantined)
        .put("superseded_duplicates", duplicates).put("files", files).put("failed_files", failed)
        .put("new_columns", drift);
  }
}
