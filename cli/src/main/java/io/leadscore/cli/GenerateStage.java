package io.leadscore.cli;

import io.leadscore.features.generate.ExportGenerator;
import io.leadscore.features.generate.GeneratorSpec;
import io.leadscore.features.runs.JobSummary;
import java.nio.file.Path;

/** The generate stage. */
final class GenerateStage implements Stage {
  @Override
  public String name() {
    return "generate";
  }

  @Override
  public JobSummary run(Context ctx) {
    Path landing = Path.of(ctx.features.landingDir());
    var r = new ExportGenerator(new GeneratorSpec(landing, ctx.date, ctx.features.generatorLeads(),
        ctx.features.historyDays(), ctx.features.generatorSeed())).generate();
    return new JobSummary().put("generated_leads", r.leads()).put("generated_events", r.events())
        .put("generated_activities", r.activities()).put("landing", landing.toString());
  }
}
