package io.leadscore.features.catalog;

import io.leadscore.features.LeadscoreException;
import java.util.List;
import java.util.Locale;

/**
 * One feature, defined once: docs, reason texts and drift reports all read this definition.
 *
 * @param reasonUp   sentence when the feature pushes the score up; {@code {value}} is replaced
 * @param reasonDown sentence when it pushes the score down
 * @param levels     for categorical features, the levels in index order (value = index)
 */
public record FeatureDefinition(String name, String group, String description, Type type, Missing missing,
                                String reasonUp, String reasonDown, List<String> levels)
    implements java.io.Serializable {
  public enum Type { COUNT, RATIO, DAYS, NUMBER, CATEGORY }

  /**
   * How a missing value is treated: kept missing (XGBoost learns a direction), zero (counts: no event is
   * zero events), or kept missing with a {@code <name>_missing} 0/1 feature next to it in the catalogue.
   */
  public enum Missing { KEEP, ZERO, INDICATOR }

  /** Suffix of a missing-indicator feature's name. */
  public static final String INDICATOR_SUFFIX = "_missing";

  public FeatureDefinition {
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw LeadscoreException.of("Feature name '%s' must be snake_case", name);
    }
    levels = levels == null ? List.of() : List.copyOf(levels);
    if (type == Type.CATEGORY && levels.isEmpty()) {
      throw LeadscoreException.of("Categorical feature '%s' needs its levels", name);
    }
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The reason sentence for a value and the direction of its contribution. */
  public String reason(double value, boolean positive) {
    String template = positive ? reasonUp : reasonDown;
    String shown;
    if (Double.isNaN(value)) {
      shown = "unknown";
    } else if (type == Type.CATEGORY) {
      int i = (int) value;
      shown = i >= 0 && i < levels.size() ? levels.get(i) : "other";
    } else if (type == Type.RATIO || type == Type.NUMBER) {
      shown = String.format(Locale.ROOT, "%.2f", value);
    } else {
      shown = Long.toString(Math.round(value));
    }
    return template.replace("{value}", shown);
  }

  /** Validating builder: no positional constructor calls in the catalogue. */
  public static final class Builder {
    private final String name;
    private String group;
    private String description;
    private Type type = Type.NUMBER;
    private Missing missing = Missing.KEEP;
    private String up;
    private String down;
    private List<String> levels = List.of();

    private Builder(String name) {
      this.name = name;
    }

    public Builder group(String g) {
      this.group = g;
      return this;
    }

    public Builder describe(String d) {
      this.description = d;
      return this;
    }

    public Builder type(Type t) {
      this.type = t;
      return this;
    }

    public Builder missing(Missing m) {
      this.missing = m;
      return this;
    }

    public Builder levels(List<String> l) {
      this.levels = l;
      return this;
    }

    public Builder reasons(String upText, String downText) {
      this.up = upText;
      this.down = downText;
      return this;
    }

    public FeatureDefinition build() {
      if (group == null || description == null || up == null || down == null) {
        throw LeadscoreException.of("Feature '%s' needs a group, a description and both reason templates", name);
      }
      return new FeatureDefinition(name, group, description, type, missing, up, down, levels);
    }
  }
}
