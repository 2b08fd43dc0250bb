package io.leadscore.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --input}: only on the commands that ingest ({@code ingest}, {@code nightly}). */
final class InputOption {
  @Option(names = "--input", paramLabel = "FILE",
      description = "Ingest this export file instead of the landing folder (a static export, e.g. Leads.csv).")
  Path input;
}
