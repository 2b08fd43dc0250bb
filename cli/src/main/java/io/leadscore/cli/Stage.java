package io.leadscore.cli;

import io.leadscore.features.runs.JobSummary;

/** One step of the nightly flow: thin, it builds a spec from the context and calls one job. */
interface Stage {
  String name();

  JobSummary run(Context ctx);
}
