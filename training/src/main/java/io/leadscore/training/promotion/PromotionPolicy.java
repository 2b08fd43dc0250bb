package io.leadscore.training.promotion;

import io.leadscore.models.metrics.PairedAuc;
import java.util.List;
import java.util.Locale;

/**
 * Champion/challenger. A candidate is rejected when it fails a floor (holdout AUC, precision at the top
 * fraction), raises a leakage alarm (unless leakage is allowed) or jumps more than {@code maxAucJump} above
 * the champion. It becomes champion only on a significant gain: DeLong's paired test on the same holdout
 * rows, the champion scored with its own contract, whose interval at {@code confidence} lies above
 * {@code minAucGain}. A champion that cannot be scored on today's holdout blocks promotion (the candidate
 * stays a challenger) unless {@code allowIncomparable}; the jump is then measured against the champion's
 * recorded holdout AUC. Plain Java, so every branch is unit-tested; the reason is printed and logged.
 */
public record PromotionPolicy(double minAucGain, double confidence, double aucFloor, double precisionFloor,
                              double maxAucJump, boolean allowLeakage, boolean allowIncomparable) {

  /** What the decision makes of the candidate. */
  public enum Verdict { PROMOTED, CHALLENGER, REJECTED }

  /** The outcome and why, in one sentence. */
  public record Decision(Verdict verdict, String reason) {
    public boolean promoted() {
      return verdict == Verdict.PROMOTED;
    }

    @Override
    public String toString() {
      return verdict.name().toLowerCase(Locale.ROOT) + ": " + reason;
    }
  }

  /**
   * The champion as the decision sees it: absent, compared on today's holdout ({@code paired}: a = champion,
   * b = candidate), or not comparable ({@code incomparable} says why; {@code recordedAuc} is its own holdout
   * AUC from its card, NaN when unknown).
   */
  public record Champion(String name, PairedAuc paired, String incomparable, double recordedAuc) {
    public static Champion none() {
      return new Champion("", null, null, Double.NaN);
    }

    public static Champion compared(String name, PairedAuc paired) {
      return new Champion(name, paired, null, Double.NaN);
    }

    public static Champion incomparable(String name, String why, double recordedAuc) {
      return new Champion(name, null, why, recordedAuc);
    }

    boolean present() {
      return !name.isEmpty();
    }
  }

  /** The policy the settings configure: each value taken by name, so none can land in another's place. */
  public PromotionPolicy(PromotionSettings s) {
    this(s.minAucGain(), s.confidence(), s.aucFloor(), s.precisionFloor(), s.maxAucJump(), s.allowLeakage(),
        s.allowIncomparable());
  }

  public PromotionPolicy {
    if (!(confidence > 0 && confidence < 1)) {
      // guard: PromotionSettings rejects leadscore.promotion.confidence outside (0, 1), naming the key
      throw new IllegalArgumentException("promotion confidence " + confidence + " must be in (0, 1)");
    }
  }

  public Decision decide(double candidateAuc, double candidatePrecision, Champion champion, List<String> alarms) {
    if (!(candidateAuc >= aucFloor)) {
      return reject("holdout AUC %.4f is below the floor %.4f", candidateAuc, aucFloor);
    }
    if (!(candidatePrecision >= precisionFloor)) {
      return reject("precision@top %.4f is below the floor %.4f", candidatePrecision, precisionFloor);
    }
    if (!alarms.isEmpty() && !allowLeakage) {
      return reject("leakage alarm on %s; exclude the feature or set leadscore.promotion.allow_leakage = true",
          alarms);
    }
    if (!champion.present()) {
      return new Decision(Verdict.PROMOTED, String.format(Locale.ROOT, "no champion yet (holdout AUC %.4f)",
          candidateAuc));
    }
    if (champion.paired() == null) {
      double jump = candidateAuc - champion.recordedAuc();
      if (jump > maxAucJump && !allowLeakage) {
        return reject("holdout AUC %.4f jumps %.4f above champion %s's recorded %.4f (more than max_auc_jump %.4f): "
            + "check for leakage", candidateAuc, jump, champion.name(), champion.recordedAuc(), maxAucJump);
      }
      if (allowIncomparable) {
        return new Decision(Verdict.PROMOTED, String.format(Locale.ROOT, "champion %s cannot be compared (%s); "
            + "promoted on the floors alone (holdout AUC %.4f) because leadscore.promotion.allow_incomparable = true",
            champion.name(), champion.incomparable(), candidateAuc));
      }
      return new Decision(Verdict.CHALLENGER, String.format(Locale.ROOT, "promotion blocked: champion %s cannot be "
          + "scored on today's holdout (%s); retrain after fixing that, or set "
          + "leadscore.promotion.allow_incomparable = true to promote on the floors alone", champion.name(),
          champion.incomparable()));
    }
    PairedAuc p = champion.paired();
    String compared = String.format(Locale.ROOT, "holdout AUC %.4f vs champion %s %.4f on the same %d rows: gain "
            + "%+.4f, %.0f%% interval [%+.4f, %+.4f]", p.aucB(), champion.name(), p.aucA(), p.rows(), p.gain(),
        confidence * 100, p.lower(confidence), p.upper(confidence));
    if (p.gain() > maxAucJump && !allowLeakage) {
      return reject("%s jumps more than max_auc_jump %.4f: check for leakage", compared, maxAucJump);
    }
    if (p.lower(confidence) > minAucGain) {
      return new Decision(Verdict.PROMOTED, compared + String.format(Locale.ROOT,
          ", significantly above min gain %.4f", minAucGain));
    }
    return new Decision(Verdict.CHALLENGER, compared + String.format(Locale.ROOT,
        ": not significantly above min gain %.4f (noise at this holdout size)", minAucGain));
  }

  private static Decision reject(String format, Object... args) {
    return new Decision(Verdict.REJECTED, String.format(Locale.ROOT, format, args));
  }
}
