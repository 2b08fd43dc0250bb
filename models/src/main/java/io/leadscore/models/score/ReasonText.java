package io.leadscore.models.score;

import io.leadscore.features.catalog.Catalogs;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.FeatureDefinition;
import io.leadscore.features.catalog.ReasonFormat;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns one lead's SHAP contributions into what a sales rep reads: reasons with their direction first
 * ("▲ Viewed the pricing page 3 times in the last 7 days"), in human units, at most {@code max_chars}
 * each, and a next best action. A high score (tier A or B) shows what raises it first, a low one (tier D)
 * what holds it back first; tier C leads with the side that weighs more. Plain Java, no Spark.
 */
public final class ReasonText implements Serializable {
  /** A lead's reasons and its next best action ("" when no rule applies). */
  public record Explained(List<String> reasons, String action) {}

  /** The lead's usual active hour (UTC), which the next best action names when it is known. */
  static final String HOUR_FEATURE = "preferred_hour";

  private final List<FeatureDefinition> features;
  /** Per model feature, its reason family: a lead's reasons come from distinct families. */
  private final List<String> families;
  private final ReasonSettings settings;
  private final ReasonFormat format;
  /** Per model feature, the rules that name it (in config order). */
  private final List<List<ActionRule>> rules;

  /**
   * The reason texts of {@code model}: in its own definitions (the levels it saw), in today's catalogue for a
   * card without them; null when reasons are off (count 0: no SHAP contributions are computed).
   */
  public static ReasonText forModel(ScoringModel model, FeatureCatalog today, ReasonSettings settings) {
    return settings.count() == 0 ? null : new ReasonText(model.definitions().isEmpty() ? today
        : Catalogs.of("model " + model.version(), model.definitions()), model.features(), settings, today);
  }

  public ReasonText(FeatureCatalog catalog, List<String> modelFeatures, ReasonSettings settings) {
    this(catalog, modelFeatures, settings, catalog);
  }

  /**
   * @param today for a model card stored before reason families existed: the family today's catalogue gives a
   *              feature of the same name (else the feature's own, {@link FeatureDefinition#family()})
   */
  ReasonText(FeatureCatalog catalog, List<String> modelFeatures, ReasonSettings settings, FeatureCatalog today) {
    this.features = modelFeatures.stream().map(catalog::get).toList();
    this.families = features.stream().map(f -> f.reasonFamily() != null ? f.reasonFamily()
        : today.find(f.name()).map(FeatureDefinition::family).orElse(f.family())).toList();
    this.settings = settings;
    this.format = ReasonFormat.of(settings.language());
    // a rule for a feature the model does not use (e.g. a learned catalogue) is simply inactive
    this.rules = features.stream().map(f -> settings.actions().stream()
        .filter(r -> r.feature().equals(f.name())).toList()).toList();
  }

  /**
   * @param contributions one per feature (a trailing bias term is ignored)
   * @param values        the lead's feature values, NaN when missing
   * @param tier          the lead's tier
   */
  public Explained explain(double[] contributions, double[] values, String tier) {
    List<Integer> up = new ArrayList<>();
    List<Integer> down = new ArrayList<>();
    double sum = 0;
    for (int i = 0; i < features.size(); i++) {
      sum += contributions[i];
      if (contributions[i] > 0) {
        up.add(i);
      } else if (contributions[i] < 0) {
        down.add(i);
      }
    }
    Comparator<Integer> strongest = Comparator.comparingDouble(i -> -Math.abs(contributions[i]));
    up.sort(strongest);
    down.sort(strongest);
    boolean upFirst = switch (tier) {
      case "A", "B" -> true;
      case "D" -> false;
      default -> sum >= 0;
    };
    // one reason per family (lead age and its decay say one thing), the family's strongest on the tier's side;
    // identical sentences of two families are said once
    Set<String> out = new LinkedHashSet<>();
    Set<String> said = new HashSet<>();
    for (List<Integer> side : upFirst ? List.of(up, down) : List.of(down, up)) {
      for (int i : side) {
        if (out.size() == settings.count()) {
          break;
        }
        if (said.add(families.get(i))) {
          out.add(sentence(i, values[i], contributions[i] > 0));
        }
      }
    }
    return new Explained(List.copyOf(out), withHours(action(down, values), values));
  }

  private String sentence(int i, double value, boolean positive) {
    String direction = format.text(positive ? "direction.up" : "direction.down");
    return fit(direction + " " + format.sentence(features.get(i), value, positive));
  }

  /** The reason family of each model feature, in the model's feature order. */
  public List<String> families() {
    return families;
  }

  /**
   * The action with when to call, if the lead's usual active hour is known ({@code preferred_hour}, UTC) and the
   * whole still fits max_chars: the advice itself matters more than the hour, so it is never cut for it.
   */
  private String withHours(String action, double[] values) {
    int h = features.stream().map(FeatureDefinition::name).toList().indexOf(HOUR_FEATURE);
    if (action.isEmpty() || h < 0 || Double.isNaN(values[h]) || values[h] < 0 || values[h] > 23) {
      return action;
    }
    long from = Math.round(values[h]);
    String when = format.text("action.hours").replace("{from}", String.format(java.util.Locale.ROOT, "%02d:00", from))
        .replace("{to}", String.format(java.util.Locale.ROOT, "%02d:00", (from + 1) % 24));
    String both = action + "; " + when;
    return both.length() <= settings.maxChars() ? both : action;
  }

  /** The first rule that applies to the strongest negative drivers, in order. */
  private String action(List<Integer> down, double[] values) {
    for (int i : down) {
      for (ActionRule r : rules.get(i)) {
        if (r.matches(values[i])) {
          return fit(r.text().replace("{value}", format.shown(features.get(i), values[i])));
        }
      }
    }
    return "";
  }

  /** At most max_chars: cut at the last space that leaves room for "…". */
  String fit(String s) {
    int max = settings.maxChars();
    if (s.length() <= max) {
      return s;
    }
    int cut = s.lastIndexOf(' ', max - 1);
    return (cut > max / 2 ? s.substring(0, cut) : s.substring(0, max - 1)).stripTrailing() + "…";
  }
}
