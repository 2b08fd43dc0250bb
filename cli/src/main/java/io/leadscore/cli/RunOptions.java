package io.leadscore.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import picocli.CommandLine.Option;

/**
 * The options of a run: only on the commands that run stages through the {@link Runner} (it reads them: the batch
 * date, the summary file, the degraded exit code, the progress lines).
 */
final class RunOptions {
  @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Batch date (default: today, UTC).")
  LocalDate date = LocalDate.now(java.time.ZoneOffset.UTC);

  @Option(names = "--summary-json", paramLabel = "FILE",
      description = "Also write the printed figures as one JSON object to FILE.")
  Path summaryJson;

  // arity 0..1: the Airflow DAG passes --allow-degraded=true|false from a Variable, always one argument
  @Option(names = "--allow-degraded", arity = "0..1", paramLabel = "true|false",
      description = "Exit 0 instead of 3 when the run finished but is degraded (its problems are still listed).")
  boolean allowDegraded;

  @Option(names = {"-q", "--quiet"},
      description = "Print only the summary (no stage headers, progress lines or next steps).")
  boolean quiet;
}
