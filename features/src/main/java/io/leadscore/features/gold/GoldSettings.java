package io.leadscore.features.gold;

import com.typesafe.config.Config;
import io.leadscore.features.FeaturesErrors;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed settings of the gold layer ({@code leadscore.features}), validated with the key path in the message.
 *
 * @param affinitySmoothing      m in (won + m * overall) / (decided + m) for industry and country rates
 * @param leakageAucThreshold    a feature whose single-feature AUC (either direction) is above this is an alarm
 * @param leakageNegatives       the leakage guard reads every positive row and at most this many negatives; 0 = all
 * @param includeExcludedColumns for a labelled export: also use its exclude_from_model columns (to see the alarm)
 * @param maxLevels              for a labelled export: at most this many levels per string column ("other" beyond)
 * @param minLevelCount          a level seen fewer times is "other"
 * @param derived                extra features of a labelled export, as Spark SQL over its silver columns
 */
public record GoldSettings(double affinitySmoothing, double leakageAucThreshold, long leakageNegatives,
                           boolean includeExcludedColumns, int maxLevels, int minLevelCount, List<Derived> derived) {
  /** A configured derived feature: name, description and a Spark SQL expression. */
  public record Derived(String name, String description, String expr) {}

  public static final String ROOT = "leadscore.features";

  public GoldSettings {
    derived = List.copyOf(derived);
  }

  public static GoldSettings defaults() {
    return new GoldSettings(20, 0.95, 250_000, false, 30, 10, List.of());
  }

  public static GoldSettings from(Config config) {
    Config c = config.getConfig(ROOT);
    double m = c.getDouble("affinity_smoothing");
    if (m < 0) {
      throw FeaturesErrors.invalidSetting(ROOT + ".affinity_smoothing", m, ">= 0");
    }
    double t = c.getDouble("leakage_auc_threshold");
    if (t <= 0.5 || t > 1) {
      throw FeaturesErrors.invalidSetting(ROOT + ".leakage_auc_threshold", t, "in (0.5, 1]");
    }
    long negatives = c.getLong("leakage_negatives");
    if (negatives < 0) {
      throw FeaturesErrors.invalidSetting(ROOT + ".leakage_negatives", negatives, ">= 0 (0 reads every row)");
    }
    int maxLevels = c.getInt("max_levels");
    int minCount = c.getInt("min_level_count");
    if (maxLevels < 1 || minCount < 1) {
      throw FeaturesErrors.of("'%s.max_levels' (%d) and '%s.min_level_count' (%d) must be >= 1",
          ROOT, maxLevels, ROOT, minCount);
    }
    List<Derived> derived = new ArrayList<>();
    List<? extends Config> list = c.getConfigList("derived");
    for (int i = 0; i < list.size(); i++) {
      Config d = list.get(i);
      String where = ROOT + ".derived[" + i + "]";
      if (!d.hasPath("name") || !d.hasPath("expr")) {
        throw FeaturesErrors.of("%s needs 'name' and 'expr' (a Spark SQL expression over the export's "
            + "columns), e.g. { name = time_per_visit, expr = \"time_on_website / total_visits\" }", where);
      }
      String name = d.getString("name");
      if (!name.matches("[a-z][a-z0-9_]*")) {
        throw FeaturesErrors.of("%s.name is '%s' but must be snake_case", where, name);
      }
      derived.add(new Derived(name, d.hasPath("description") ? d.getString("description") : d.getString("expr"),
          d.getString("expr")));
    }
    return new GoldSettings(m, t, negatives, c.getBoolean("include_excluded_columns"), maxLevels, minCount,
        derived);
  }
}
