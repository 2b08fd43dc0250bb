package io.leadscore.cli;

import io.leadscore.ingest.generate.Delivery;
import io.leadscore.ingest.generate.ExportGenerator;
import io.leadscore.ingest.generate.GeneratedWorld;
import io.leadscore.ingest.generate.GeneratorSpec;
import io.leadscore.core.runs.JobSummary;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * The generate stage: the first delivery of a generated world into an empty landing folder, a daily export (what
 * happened since the latest earlier delivery) once there are deliveries, a full export with {@code --full}
 * ({@link GeneratedWorld#plan}); optionally with a drift from a date on ({@code generate --drift-from D --drift KIND}).
 */
final class GenerateStage implements Stage {
  private final LocalDate driftFrom;
  private final String drift;
  private final boolean full;

  GenerateStage() {
    this(null, null, false);
  }

  GenerateStage(LocalDate driftFrom, String drift, boolean full) {
    this.driftFrom = driftFrom;
    this.drift = drift;
    this.full = full;
  }

  @Override
  public String name() {
    return "generate";
  }

  @Override
  public void validate(Context ctx) {
    GeneratedWorld.check(spec(ctx));
  }

  @Override
  public JobSummary run(Context ctx) {
    GeneratorSpec spec = spec(ctx);
    Delivery window = GeneratedWorld.plan(spec, full);
    var r = new ExportGenerator(spec, window).generate();
    JobSummary out = new JobSummary().put("generated_leads", r.leads()).put("generated_events", r.events())
        .put("generated_activities", r.activities()).put("landing", spec.landingDir().toString())
        .put("export", window.full() ? "full" : "daily since " + window.since());
    if (spec.driftFrom() != null) {
      out.put("drift", spec.drift().name().toLowerCase(java.util.Locale.ROOT) + " for leads created from "
          + spec.driftFrom());
    }
    return out;
  }

  private GeneratorSpec spec(Context ctx) {
    GeneratorSpec spec = new GeneratorSpec(Path.of(ctx.features.landing().landingDir()), ctx.date, ctx.features.landing().generatorLeads(),
        ctx.features.landing().historyDays(), ctx.features.landing().generatorSeed());
    if (driftFrom == null && drift == null) {
      return spec;
    }
    return spec.withDrift(driftFrom, drift == null ? null : GeneratorSpec.Drift.parse(drift));
  }
}
