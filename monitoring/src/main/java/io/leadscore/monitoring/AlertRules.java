package io.leadscore.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns tonight's drift and realised performance into alerts, by the thresholds in {@link MonitorSettings}.
 * PSI and missing-rate alerts watch only the champion's top-k inputs by gain (a shift in an input the model
 * hardly uses moves no score); the KS alert watches every numeric input, at {@code ks_alpha} divided by the
 * number of inputs tested (Bonferroni), so that forty quiet inputs do not raise a false alarm most nights.
 */
public final class AlertRules {
  private final MonitorSettings s;

  public AlertRules(MonitorSettings s) {
    this.s = s;
  }

  /** The Bonferroni-corrected KS level for {@code tests} features. */
  public double ksLevel(int tests) {
    return s.alerts().ksAlpha() / Math.max(1, tests);
  }

  public List<Alert> features(List<FeatureDrift> drift) {
    List<Alert> out = new ArrayList<>();
    int tests = (int) drift.stream().filter(d -> !Double.isNaN(d.pValue())).count();
    double level = ksLevel(tests);
    for (FeatureDrift d : drift) {
      boolean top = d.gainRank() > 0 && d.gainRank() <= s.alerts().topK();
      if (top && d.psi() > s.alerts().psiThreshold()) {
        out.add(new Alert(Alert.FEATURE_DRIFT, d.feature(), d.psi(), s.alerts().psiThreshold(), String.format(Locale.ROOT,
            "PSI %.3f > %.2f on the model's #%d input: tonight's leads differ from the training data. Check the "
            + "source (a new campaign, a changed export or mapping); if the shift is real, retrain", d.psi(),
            s.alerts().psiThreshold(), d.gainRank())));
      }
      if (!Double.isNaN(d.pValue()) && d.pValue() < level) {
        out.add(new Alert(Alert.FEATURE_KS, d.feature(), d.pValue(), level, String.format(Locale.ROOT,
            "KS %.3f, p = %.2g < %.2g (%.2g Bonferroni over %d features): the distribution changed. Look at the "
            + "drift table; retrain if it persists", d.ks(), d.pValue(), level, s.alerts().ksAlpha(), tests)));
      }
      if (top && Math.abs(d.missingChange()) > s.alerts().missingChange()) {
        out.add(new Alert(Alert.MISSING_RATE, d.feature(), d.missingChange(), s.alerts().missingChange(), String.format(
            Locale.ROOT, "missing for %.0f%% of leads tonight, %.0f%% in training: a source column or the tracking "
            + "may be broken. Check ingest's quarantine and the export", d.currentMissing() * 100,
            d.referenceMissing() * 100)));
      }
    }
    return out;
  }

  public List<Alert> score(double psiVsHoldout) {
    if (!(psiVsHoldout > s.alerts().scorePsiThreshold())) {
      return List.of();
    }
    return List.of(new Alert(Alert.SCORE_DRIFT, "score", psiVsHoldout, s.alerts().scorePsiThreshold(), String.format(
        Locale.ROOT, "score PSI %.3f > %.2f against the champion's reference scores: tonight's scores are distributed "
        + "differently, so tiers and the reps' queues shift. Find the drifted inputs above; retrain if the leads "
        + "really changed", psiVsHoldout, s.alerts().scorePsiThreshold())));
  }

  public List<Alert> performance(List<PerformanceRow> rows) {
    List<Alert> out = new ArrayList<>();
    for (PerformanceRow r : rows) {
      if (r.n() < s.performance().minRows() || r.positives() < s.performance().minPositives()
          || Double.isNaN(r.baselineAuc()) || Double.isNaN(r.auc())) {
        continue;
      }
      double decay = r.baselineAuc() - r.auc();
      if (decay > s.alerts().aucDecayThreshold()) {
        out.add(new Alert(Alert.AUC_DECAY, r.scoreDate() + " v" + r.modelVersion(), decay, s.alerts().aucDecayThreshold(),
            String.format(Locale.ROOT, "realised AUC %.3f on %d leads (%d converted) vs %.3f on the holdout: the "
                + "model ranks worse than when it was trained. Retrain (`leadscore train`), and compare the "
                + "challenger", r.auc(), r.n(), r.positives(), r.baselineAuc())));
      }
    }
    return out;
  }
}
