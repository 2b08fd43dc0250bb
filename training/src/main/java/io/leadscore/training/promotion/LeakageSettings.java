package io.leadscore.training.promotion;

import com.typesafe.config.Config;
import io.leadscore.core.config.SettingsReader;
import io.leadscore.features.gold.GoldSettings;

/**
 * The leakage alarms that block promotion: the single-feature AUC threshold (the features module's
 * {@code leadscore.features.leakage_auc_threshold}, read through {@link GoldSettings}: one value for the features
 * stage's report and this guard) and the model-side gain shares ({@code leadscore.leakage}).
 *
 * @param aucThreshold     a feature whose own AUC is above this is an alarm
 * @param maxGainShare     one feature holding more than this share of the model's total gain is an alarm
 * @param maxGainShareJump a feature whose gain share rises by more than this against the champion's is an alarm
 */
public record LeakageSettings(double aucThreshold, double maxGainShare, double maxGainShareJump) {
  public static final String ROOT = "leadscore.leakage";

  public static LeakageSettings from(Config c, SettingsReader r) {
    return new LeakageSettings(GoldSettings.from(c).leakageAucThreshold(),
        r.number("max_gain_share", v -> v > 0 && v <= 1, "in (0, 1]"),
        r.number("max_gain_share_jump", v -> v > 0 && v <= 1, "in (0, 1]"));
  }
}
