package io.leadscore.cli;

import io.leadscore.ingest.generate.ExportGenerator;
import io.leadscore.ingest.generate.GeneratorSpec;
import io.leadscore.core.runs.JobSummary;
import java.nio.file.Path;
import java.time.LocalDate;

/** The generate stage; optionally with a drift from a date on ({@code generate --drift-from D --drift KIND}). */
final class GenerateStage implements Stage {
  private final LocalDate driftFrom;
  private final String drift;

  GenerateStage() {
    this(null, null);
  }

  GenerateStage(LocalDate driftFrom, String drift) {
    this.driftFrom = driftFrom;
    this.drift = drift;
  }

  @Override
  public String name() {
    return "generate";
  }

  @Override
  public void validate(Context ctx) {
    spec(ctx);
  }

  @Override
  public JobSummary run(Context ctx) {
    GeneratorSpec spec = spec(ctx);
    var r = new ExportGenerator(spec).generate();
    JobSummary out = new JobSummary().put("generated_leads", r.leads()).put("generated_events", r.events())
        .put("generated_activities", r.activities()).put("landing", spec.landingDir().toString());
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
