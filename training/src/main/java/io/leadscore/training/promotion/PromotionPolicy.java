package io.leadscore.training.promotion;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Champion/challenger: a candidate becomes champion only if it passes the floors (holdout AUC and
 * precision at the top fraction), raises no leakage alarm (unless leakage is allowed by config), does
 * not jump suspiciously far above the champion, and beats the champion on the same holdout by
 * {@code minAucGain}. Plain Java, so every branch is unit-tested; the reason is printed and logged.
 */
public record PromotionPolicy(double minAucGain, double aucFloor, double precisionFloor, double maxAucJump,
                              boolean allowLeakage) {

  /** The outcome: promoted or challenger, and why in one sentence. */
  public record Decision(boolean promoted, String reason) {
    @Override
    public String toString() {
      return (promoted ? "promoted: " : "challenger: ") + reason;
    }
  }

  /**
   * @param candidateAuc the candidate's holdout AUC
   * @param candidatePrecision its precision at the top fraction on the holdout
   * @param championAuc the champion's AUC on the same holdout; empty with no champion (or one that cannot
   *     score this holdout)
   * @param alarms the leakage guard's alarms
   */
  public Decision decide(double candidateAuc, double candidatePrecision, OptionalDouble championAuc,
                         String championName, List<LeakageGuard.Alarm> alarms) {
    if (!(candidateAuc >= aucFloor)) {
      return new Decision(false, String.format("holdout AUC %.4f is below the floor %.4f", candidateAuc, aucFloor));
    }
    if (!(candidatePrecision >= precisionFloor)) {
      return new Decision(false, String.format("precision@top %.4f is below the floor %.4f", candidatePrecision,
          precisionFloor));
    }
    if (!alarms.isEmpty() && !allowLeakage) {
      return new Decision(false, "leakage alarm on " + alarms
          + "; exclude the feature or set leadscore.promotion.allow_leakage = true");
    }
    if (championAuc.isEmpty()) {
      return new Decision(true, String.format("no comparable champion (holdout AUC %.4f)", candidateAuc));
    }
    double champ = championAuc.getAsDouble();
    if (candidateAuc - champ > maxAucJump && !allowLeakage) {
      return new Decision(false, String.format("holdout AUC %.4f jumps %.4f above champion %s %.4f (more than "
          + "max_auc_jump %.4f): check for leakage", candidateAuc, candidateAuc - champ, championName, champ, maxAucJump));
    }
    if (candidateAuc >= champ + minAucGain) {
      return new Decision(true, String.format("holdout AUC %.4f >= champion %s %.4f + min gain %.4f", candidateAuc,
          championName, champ, minAucGain));
    }
    return new Decision(false, String.format("holdout AUC %.4f < champion %s %.4f + min gain %.4f", candidateAuc,
        championName, champ, minAucGain));
  }
}
