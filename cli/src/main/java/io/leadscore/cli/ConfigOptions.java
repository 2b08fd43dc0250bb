package io.leadscore.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The configuration options of the commands that run no batch stage ({@code serve}, {@code materialise}). */
final class ConfigOptions {
  @Option(names = "--conf", paramLabel = "FILE", description = "HOCON configuration (default: ${DEFAULT-VALUE}).")
  Path conf = Path.of("conf/local.conf");

  @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE", description = "Override a configuration key.")
  Map<String, String> overrides = new LinkedHashMap<>();
}
