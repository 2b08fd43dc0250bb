package io.leadscore.core.config;

import com.typesafe.config.Config;
import io.leadscore.core.CoreErrors;
import java.util.Map;
import java.util.TreeMap;

/**
 * Typed, validated settings of the core module: where the lakehouse lives, where the shared data is read
 * from, how the Spark session is built, and the environment (development or production). Every command loads these
 * first.
 */
public record CoreSettings(
    String storageRoot,
    String sharedData,
    String sparkMaster,
    String appName,
    int shufflePartitions,
    Map<String, String> sparkConf,
    String environment) {

  public CoreSettings {
    sparkConf = Map.copyOf(sparkConf);
  }

  public static CoreSettings from(Config c) {
    Config l = c.getConfig(LeadscoreConfig.ROOT);
    Map<String, String> sparkConf = new TreeMap<>();
    l.getConfig("spark.conf").entrySet()
        .forEach(e -> sparkConf.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped())));
    return new CoreSettings(
        l.getString("storage.root"),
        l.getString("shared.data"),
        l.getString("spark.master"),
        l.getString("spark.app_name"),
        positive(l, "spark.shuffle_partitions"),
        sparkConf,
        l.getString("environment"));
  }

  /** {@code leadscore.environment = production}: settings that only make sense on one machine are refused. */
  public boolean production() {
    return environment.equalsIgnoreCase("production");
  }

  /** Reads {@code leadscore.<key>} as an int that must be above zero; the error names the key and the value. */
  public static int positive(Config leadscore, String key) {
    int v = leadscore.getInt(key);
    if (v <= 0) {
      throw CoreErrors.mustBePositive(key, v);
    }
    return v;
  }
}
