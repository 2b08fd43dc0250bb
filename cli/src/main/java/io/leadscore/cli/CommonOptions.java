package io.leadscore.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command takes. */
public final class CommonOptions {
  @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Batch date (default: today, UTC).")
  LocalDate date = LocalDate.now(java.time.ZoneOffset.UTC);

  @Option(names = "--conf", paramLabel = "FILE", description = "HOCON configuration (default: ${DEFAULT-VALUE}).")
  Path conf = Path.of("conf/local.conf");

  @Option(names = "--summary-json", paramLabel = "FILE",
      description = "Also write the printed figures as one JSON object to FILE.")
  Path summaryJson;

  @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
      description = "Override a configuration key, e.g. --set leadscore.training.folds=5.")
  Map<String, String> overrides = new LinkedHashMap<>();

  // arity 0..1: the Airflow DAG passes --allow-degraded=true|false from a Variable, always one argument
  @Option(names = "--allow-degraded", arity = "0..1", paramLabel = "true|false",
      description = "Exit 0 instead of 3 when the run finished but is degraded (its problems are still listed).")
  boolean allowDegraded;

  @Option(names = {"-q", "--quiet"}, description = "Print only the summary (no stage headers or progress lines).")
  boolean quiet;

  @Option(names = "--input", paramLabel = "FILE",
      description = "Ingest this export file instead of the landing folder (a static export, e.g. Leads.csv).")
  Path input;
}
