package io.leadscore.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a command was given, whichever of the option groups it offers ({@link ConfigOptions}, {@link RunOptions},
 * {@link InputOption}): the defaults stand for the options a command does not offer.
 */
final class CommonOptions {
  Path conf = Path.of("conf/local.conf");
  Map<String, String> overrides = new LinkedHashMap<>();
  LocalDate date = LocalDate.now(java.time.ZoneOffset.UTC);
  Path summaryJson;
  boolean allowDegraded;
  boolean quiet;
  Path input;

  static CommonOptions of(ConfigOptions config) {
    return of(config, null, null);
  }

  static CommonOptions of(ConfigOptions config, RunOptions run, InputOption input) {
    CommonOptions o = new CommonOptions();
    o.conf = config.conf;
    o.overrides = config.overrides;
    if (run != null) {
      o.date = run.date;
      o.summaryJson = run.summaryJson;
      o.allowDegraded = run.allowDegraded;
      o.quiet = run.quiet;
    }
    o.input = input == null ? null : input.input;
    return o;
  }
}
