package io.leadscore.models.score;

import io.leadscore.models.ModelsErrors;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueType;
import java.util.List;

/**
 * The reasons each score carries ({@code leadscore.scoring.reasons}) and the next-best-action rules
 * ({@code leadscore.scoring.actions}).
 *
 * @param count    reasons per lead; 0 skips the SHAP contributions altogether
 * @param maxChars the longest reason (a CRM text field's limit); longer ones are cut at a word with "…"
 * @param language language tag of the reason texts' resource bundle ("en", "de", ...)
 * @param actions  next-best-action rules, tried on the lead's negative drivers, strongest first
 */
public record ReasonSettings(int count, int maxChars, String language, List<ActionRule> actions)
    implements java.io.Serializable {
  public ReasonSettings {
    if (count < 0 || count > 10) {
      throw ModelsErrors.of("'leadscore.scoring.reasons.count' is %d but must be in 0..10", count);
    }
    if (maxChars < 20) {
      throw ModelsErrors.of("'leadscore.scoring.reasons.max_chars' is %d but must be >= 20", maxChars);
    }
    actions = List.copyOf(actions);
  }

  /** The same settings with another number of reasons (0 = no SHAP contributions, no reasons, no action). */
  public ReasonSettings withCount(int n) {
    return new ReasonSettings(n, maxChars, language, actions);
  }

  private static List<? extends Config> parse(String hocon) {
    try {
      return ConfigFactory.parseString("actions = " + hocon).getConfigList("actions");
    } catch (ConfigException e) {
      throw ModelsErrors.of("'leadscore.scoring.actions' is not a list of rules: %s", e.getMessage());
    }
  }

  /** The section these keys live in (the scorer reads them; users set them with the other scoring keys). */
  public static final String ROOT = "leadscore.scoring";

  public static ReasonSettings from(Config scoring) {
    List<ActionRule> rules = new java.util.ArrayList<>();
    // --set leadscore.scoring.actions=[...] arrives as a string: read it as HOCON
    List<? extends Config> list = scoring.getValue("actions").valueType() == ConfigValueType.STRING
        ? parse(scoring.getString("actions")) : scoring.getConfigList("actions");
    for (int i = 0; i < list.size(); i++) {
      rules.add(ActionRule.from(list.get(i), "leadscore.scoring.actions[" + i + "]"));
    }
    return new ReasonSettings(scoring.getInt("reasons.count"), scoring.getInt("reasons.max_chars"),
        scoring.getString("reasons.language"), rules);
  }
}
