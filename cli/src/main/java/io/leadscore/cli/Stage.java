package io.leadscore.cli;

import io.leadscore.core.runs.JobSummary;

/** One step of the nightly flow: thin, it builds a spec from the context and calls one job. */
interface Stage {
  String name();

  /**
   * Builds this stage's settings from the configuration and throws on a bad value, before any stage runs:
   * a typo in the last stage's settings must not cost the first stages' minutes.
   */
  default void validate(Context ctx) {}

  JobSummary run(Context ctx);
}
