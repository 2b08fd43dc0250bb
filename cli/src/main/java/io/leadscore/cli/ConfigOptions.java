package io.leadscore.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The configuration options: on every command (each reads the configuration). */
final class ConfigOptions {
  @Option(names = "--conf", paramLabel = "FILE", description = "HOCON configuration (default: ${DEFAULT-VALUE}).")
  Path conf = Path.of("conf/local.conf");

  @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
      description = "Override a configuration key, e.g. --set leadscore.training.folds=5 (repeatable).")
  Map<String, String> overrides = new LinkedHashMap<>();
}
