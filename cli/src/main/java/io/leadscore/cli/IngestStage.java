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
    List<Reconciliation> recs = new IngestJob(ctx.spark(), ctx.tables).run(new IngestSpec(ctx.date,
        Path.of(ctx.features.landingDir()), SourceMapping.all(ctx.config), ctx.config.getString("leadscore.pii.salt")));
    long received = 0;
    long accepted = 0;
    long quarantined = 0;
    List<String> files = new ArrayList<>();
    for (Reconciliation r : recs) {
      received += r.received();
      accepted += r.accepted();
      quarantined += r.quarantined();
      files.add(r.line());
    }
    return new JobSummary().put("received", received).put("accepted", accepted).put("quarantined", quarantined)
        .put("files", files);
  }
}
