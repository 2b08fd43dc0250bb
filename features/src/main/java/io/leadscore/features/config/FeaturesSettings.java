package io.leadscore.features.config;

import com.typesafe.config.Config;
import io.leadscore.features.LeadscoreException;
import java.util.Map;
import java.util.TreeMap;

/** Typed, validated settings of the features module, built once from the loaded configuration. */
public record FeaturesSettings(
    String storageRoot,
    String landingDir,
    boolean generateIfEmpty,
    String sharedData,
    String sparkMaster,
    String appName,
    int shufflePartitions,
    Map<String, String> sparkConf,
    int generatorLeads,
    long generatorSeed,
    int historyDays,
    int horizonDays,
    int cadenceDays,
    int lookbackDays) {

  public static FeaturesSettings from(Config c) {
    Config l = c.getConfig(LeadscoreConfig.ROOT);
    Map<String, String> sparkConf = new TreeMap<>();
    l.getConfig("spark.conf").entrySet()
        .forEach(e -> sparkConf.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped())));
    FeaturesSettings s = new FeaturesSettings(
        l.getString("storage.root"),
        l.getString("landing.dir"),
        l.getBoolean("landing.generate_if_empty"),
        l.getString("shared.data"),
        l.getString("spark.master"),
        l.getString("spark.app_name"),
        positive(l, "spark.shuffle_partitions"),
        Map.copyOf(sparkConf),
        positive(l, "generator.leads"),
        l.getLong("generator.seed"),
        positive(l, "generator.history_days"),
        positive(l, "label.horizon_days"),
        positive(l, "snapshots.cadence_days"),
        positive(l, "snapshots.lookback_days"));
    // the PII salt is checked here, where every command loads its settings, so a missing salt stops the
    // run before any stage (exit 2)
    PrivacySettings.from(c);
    if (s.lookbackDays < s.horizonDays) {
      throw LeadscoreException.of("'leadscore.snapshots.lookback_days' is %d but must be >= "
          + "'leadscore.label.horizon_days' (%d): no snapshot's horizon would have passed", s.lookbackDays, s.horizonDays);
    }
    return s;
  }

  static int positive(Config l, String key) {
    int v = l.getInt(key);
    if (v <= 0) {
      throw LeadscoreException.of("'leadscore.%s' is set to %d but must be > 0", key, v);
    }
    return v;
  }
}
