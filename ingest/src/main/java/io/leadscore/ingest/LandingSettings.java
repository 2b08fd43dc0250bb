package io.leadscore.ingest;

import static io.leadscore.core.config.CoreSettings.positive;

import com.typesafe.config.Config;
import io.leadscore.core.config.LeadscoreConfig;

/**
 * Typed, validated settings of where exports land and of the generator that fills an empty landing folder
 * (the embedded default).
 */
public record LandingSettings(
    String landingDir,
    boolean generateIfEmpty,
    int generatorLeads,
    long generatorSeed,
    int historyDays) {

  public static LandingSettings from(Config c) {
    Config l = c.getConfig(LeadscoreConfig.ROOT);
    return new LandingSettings(
        l.getString("landing.dir"),
        l.getBoolean("landing.generate_if_empty"),
        positive(l, "generator.leads"),
        l.getLong("generator.seed"),
        positive(l, "generator.history_days"));
  }
}
