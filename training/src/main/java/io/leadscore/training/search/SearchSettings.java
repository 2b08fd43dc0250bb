package io.leadscore.training.search;

import io.leadscore.core.config.SettingsReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code leadscore.training.search}: how the hyper-parameters are searched. {@code grid} is the cartesian product of
 * {@code leadscore.training.grid}; {@code random} draws {@code trials} points from {@code ranges} with {@code seed}
 * (the configured parameters are trial 0). {@code budgetSeconds} (0 = none) stops starting trials once the next
 * one would not finish within it, either way.
 *
 * @param ranges    per parameter its [low, high]; drawn log-uniformly for {@link #LOG_SCALE} keys, as an integer for
 *                  max_depth, else uniformly
 * @param reuseDays 0 = search on every training night; N = a night cross-validates only the newest search's parameters
 *                  while the search that chose them is at most N days old ({@link SearchReuse})
 */
public record SearchSettings(Kind kind, int trials, long seed, double budgetSeconds, Map<String, double[]> ranges,
                             int reuseDays) {
  /** How the candidates are chosen. */
  public enum Kind { GRID, RANDOM }

  /** The parameters a random search draws, in the order it draws them. */
  public static final List<String> KEYS =
      List.of("max_depth", "eta", "min_child_weight", "subsample", "colsample_bytree", "lambda", "alpha");

  /** Scale parameters: a step from 0.01 to 0.02 matters as much as one from 1 to 2. */
  public static final Set<String> LOG_SCALE = Set.of("eta", "min_child_weight", "lambda", "alpha");

  public SearchSettings {
    ranges = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ranges));
  }

  public static SearchSettings from(SettingsReader t) {
    SettingsReader c = t.at("search");
    Kind kind = c.string("kind", SearchSettings::parse, k -> k != null, "grid or random");
    Map<String, double[]> ranges = new LinkedHashMap<>();
    SettingsReader r = c.at("ranges");
    for (String key : KEYS) {
      if (!r.config().hasPath(key)) {
        continue;
      }
      List<Double> v = r.config().getDoubleList(key);
      if (v.size() != 2 || !(v.get(0) <= v.get(1))) {
        throw r.bad(key, v, "[low, high] with low <= high");
      }
      if (LOG_SCALE.contains(key) && !(v.get(0) > 0)) {
        throw r.bad(key, v, "[low, high] with low > 0: it is drawn on a log scale (e.g. [0.001, 10])");
      }
      ranges.put(key, new double[] {v.get(0), v.get(1)});
    }
    return new SearchSettings(kind, c.integer("trials", v -> v >= 1, ">= 1"), c.longValue("seed", v -> true, "a number"),
        c.number("budget_seconds", v -> v >= 0, ">= 0 (0 = no budget)"), ranges,
        c.integer("reuse_days", v -> v >= 0, ">= 0 (0 = search on every training night)"));
  }

  private static Kind parse(String word) {
    return switch (word) {
      case "grid" -> Kind.GRID;
      case "random" -> Kind.RANDOM;
      default -> null;
    };
  }

  /** The kind as configured ("grid", "random"). */
  public String word() {
    return kind.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** One line for the run's params and the summary. */
  public String describe() {
    StringBuilder b = new StringBuilder(word());
    if (kind == Kind.RANDOM) {
      b.append(" trials=").append(trials).append(" seed=").append(seed);
      ranges.forEach((k, v) -> b.append(' ').append(k).append("=[").append(v[0]).append(',').append(v[1]).append(']'));
    }
    if (budgetSeconds > 0) {
      b.append(" budget_seconds=").append(budgetSeconds);
    }
    return b.toString();
  }
}
