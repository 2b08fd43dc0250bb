package io.leadscore.models.score;

import io.leadscore.models.ModelsErrors;
import com.typesafe.config.Config;
import java.util.Set;

/**
 * One next-best-action rule: when {@code feature} lowers a lead's score and its value is missing
 * ({@code missing = true}) or within [{@code min}, {@code max}], the rep is told {@code text}
 * ({@code {value}} is the value in human units, e.g. "No activity for 3 weeks: call today").
 */
public record ActionRule(String feature, boolean missing, double min, double max, String text)
    implements java.io.Serializable {
  private static final Set<String> KEYS = Set.of("feature", "missing", "min", "max", "text");

  public ActionRule {
    if (text == null || text.isBlank()) {
      throw ModelsErrors.of("Next-best-action rule for '%s' needs a text", feature);
    }
    if (!missing && min > max) {
      throw ModelsErrors.of("Next-best-action rule for '%s' has min %s > max %s", feature, min, max);
    }
  }

  public boolean matches(double value) {
    return missing ? Double.isNaN(value) : !Double.isNaN(value) && value >= min && value <= max;
  }

  public static ActionRule from(Config c, String where) {
    for (String k : c.root().keySet()) {
      if (!KEYS.contains(k)) {
        throw ModelsErrors.of("Unknown key '%s.%s' (a rule has %s)", where, k, KEYS);
      }
    }
    if (!c.hasPath("feature") || !c.hasPath("text")) {
      throw ModelsErrors.of("'%s' needs a feature and a text", where);
    }
    return new ActionRule(c.getString("feature"), c.hasPath("missing") && c.getBoolean("missing"),
        c.hasPath("min") ? c.getDouble("min") : Double.NEGATIVE_INFINITY,
        c.hasPath("max") ? c.getDouble("max") : Double.POSITIVE_INFINITY, c.getString("text"));
  }
}
