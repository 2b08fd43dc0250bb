package io.leadscore.models.registry;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.leadscore.models.ModelsErrors;
import java.io.Serializable;
import java.util.List;

/**
 * A configured domain rule as a 0/1 signal of a stacked model, e.g. {@code pricing_visits_7d >= 2}: 1 when the
 * lead's value of {@code feature} satisfies {@code op value}, 0 otherwise (a missing value never fires). The
 * value is compared in the model's own encoding (a categorical input's code).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RuleSignal(String name, String feature, String op, double value) implements Serializable {
  public static final List<String> OPS = List.of(">=", ">", "<=", "<", "==", "!=");

  @JsonCreator
  public RuleSignal {
    if (name == null || name.isBlank() || feature == null || feature.isBlank()) {
      throw ModelsErrors.of("A rule signal needs a name and a feature, not name=%s feature=%s: write it as "
          + "{name = \"...\", feature = \"<a catalogue feature>\", op = \">=\", value = 2}", name, feature);
    }
    if (!OPS.contains(op)) {
      throw ModelsErrors.of("Rule signal '%s' has op '%s': use one of %s", name, op, OPS);
    }
    if (!Double.isFinite(value)) {
      throw ModelsErrors.of("Rule signal '%s' has value %s: give a finite number", name, value);
    }
  }

  /** 1 when {@code x} satisfies the rule, else 0 (NaN, i.e. missing, gives 0). */
  public double signal(double x) {
    if (Double.isNaN(x)) {
      return 0;
    }
    boolean fires = switch (op) {
      case ">=" -> x >= value;
      case ">" -> x > value;
      case "<=" -> x <= value;
      case "<" -> x < value;
      case "==" -> x == value;
      default -> x != value;
    };
    return fires ? 1 : 0;
  }

  /** "pricing_twice_7d (pricing_visits_7d >= 2)". */
  public String describe() {
    return name + " (" + feature + " " + op + " " + (value == Math.rint(value) ? String.valueOf((long) value)
        : String.valueOf(value)) + ")";
  }
}
