package io.leadscore.training.ensemble;

import com.typesafe.config.Config;
import io.leadscore.core.config.SettingsReader;
import io.leadscore.models.registry.RuleSignal;
import io.leadscore.training.errors.TrainingErrors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code leadscore.training.ensemble}: whether to train the stacked model (XGBoost, a logistic regression on the
 * same inputs and the configured rule signals, combined on out-of-fold margins) beside XGBoost alone, and keep it
 * when it beats XGBoost on the holdout by more than {@code minAucGain}.
 *
 * @param l2         the logistic regression's L2 penalty (on standardised inputs)
 * @param combinerL2 the combiner's L2 penalty
 */
public record EnsembleSettings(boolean enabled, double l2, double combinerL2, double minAucGain,
                               List<RuleSignal> rules) {
  /** Where the rules are configured, for the message of a rule that reads an unknown feature. */
  private static final String RULES = "leadscore.training.ensemble.rules";

  public EnsembleSettings {
    rules = List.copyOf(rules);
  }

  public static EnsembleSettings from(SettingsReader t) {
    SettingsReader e = t.at("ensemble");
    Config c = e.config();
    List<RuleSignal> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Config r : c.getConfigList("rules")) {
      String name = r.hasPath("name") ? r.getString("name") : "";
      String where = e.key("rules") + " '" + name + "'";
      if (!r.hasPath("name") || !r.hasPath("feature") || !r.hasPath("op") || !r.hasPath("value")) {
        throw TrainingErrors.of("%s needs name, feature, op and value, e.g. {name = \"pricing_twice_7d\", feature = "
            + "\"pricing_views_7d\", op = \">=\", value = 2}", where);
      }
      if (!RuleSignal.OPS.contains(r.getString("op"))) {
        throw TrainingErrors.of("%s has op '%s'; use one of %s", where, r.getString("op"), RuleSignal.OPS);
      }
      if (!names.add(name)) {
        throw TrainingErrors.of("%s is named twice: give each rule its own name", where);
      }
      rules.add(new RuleSignal(name, r.getString("feature"), r.getString("op"), r.getDouble("value")));
    }
    return new EnsembleSettings(e.flag("enabled"), e.number("l2", v -> v > 0, "> 0"),
        e.number("combiner_l2", v -> v > 0, "> 0"), e.number("min_auc_gain", v -> v >= 0, ">= 0"), rules);
  }

  /** Every rule reads a feature of the catalogue; refused by rule name otherwise. */
  public void requireFeatures(List<String> features) {
    for (RuleSignal r : rules) {
      if (!features.contains(r.feature())) {
        throw TrainingErrors.of("%s '%s' reads feature '%s', which is not in the "
            + "feature catalogue: name one of its features (listed below and in features/FEATURES.md) or remove the rule; the "
            + "features are %s", RULES, r.name(), r.feature(), features);
      }
    }
  }

  /** "off", or "on (l2 1.0, combiner l2 1.0, min AUC gain 0.0, rules: a, b)". */
  public String describe() {
    if (!enabled) {
      return "off";
    }
    return "on (l2 " + l2 + ", combiner l2 " + combinerL2 + ", min AUC gain " + minAucGain
        + (rules.isEmpty() ? "" : ", rules: " + String.join(", ", rules.stream().map(RuleSignal::describe).toList()))
        + ")";
  }
}
