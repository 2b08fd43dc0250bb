package io.leadscore.training.promotion;

import io.leadscore.core.config.SettingsReader;

/**
 * When a new model replaces the champion ({@code leadscore.promotion}). The four AUC and precision figures are
 * checked one by one and against each other, so that two swapped values fail at start-up instead of promoting
 * nothing (or everything) in silence.
 *
 * @param minAucGain        the paired gain's interval over the champion must lie above this (in [0, 1))
 * @param aucFloor          the holdout AUC a model needs at all (in [0, 1])
 * @param precisionFloor    the holdout precision in the top share a model needs at all (in [0, 1])
 * @param maxAucJump        a holdout AUC this far above the champion's is a leakage alarm (in (0, 1]; above
 *                          {@code minAucGain}, or no model could ever be promoted)
 * @param confidence        the two-sided confidence of the gain's interval (in (0, 1))
 * @param allowLeakage      a leakage alarm does not block promotion
 * @param allowIncomparable a champion that cannot be scored on today's holdout does not block promotion
 */
public record PromotionSettings(double minAucGain, double aucFloor, double precisionFloor, double maxAucJump,
                                double confidence, boolean allowLeakage, boolean allowIncomparable) {
  public static final String ROOT = "leadscore.promotion";
  /** Named in the check of one against the other too. */
  private static final String MIN_AUC_GAIN = "min_auc_gain";
  private static final String MAX_AUC_JUMP = "max_auc_jump";

  public static PromotionSettings from(SettingsReader r) {
    PromotionSettings s = new PromotionSettings(
        r.number(MIN_AUC_GAIN, v -> v >= -1 && v < 1,
            "in [-1, 1) (an AUC difference; 0 = any significant gain, below 0 = a forced promotion)"),
        r.number("auc_floor", v -> v >= 0 && v <= 1, "in [0, 1] (an AUC; 0.5 is a coin toss)"),
        r.number("precision_floor", v -> v >= 0 && v <= 1, "in [0, 1] (a precision; 0 = no floor)"),
        r.number(MAX_AUC_JUMP, v -> v > 0 && v <= 1, "in (0, 1] (an AUC difference)"),
        r.number("confidence", v -> v > 0 && v < 1, "in (0, 1), e.g. 0.95"),
        r.flag("allow_leakage"),
        r.flag("allow_incomparable"));
    if (s.minAucGain >= s.maxAucJump) {
      // every gain large enough to promote would also be a leakage alarm: nothing could replace the champion
      throw r.bad(MIN_AUC_GAIN, s.minAucGain, "below " + r.key(MAX_AUC_JUMP) + " (" + s.maxAucJump
          + "): a gain that large is a leakage alarm, so no model could replace the champion");
    }
    return s;
  }
}
