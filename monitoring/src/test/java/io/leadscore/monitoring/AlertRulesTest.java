package io.leadscore.monitoring;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.LeadscoreException;
import io.leadscore.core.config.LeadscoreConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The alert thresholds, top-k gating, Bonferroni, and the settings' validation. */
class AlertRulesTest {
  static final PerformanceRow.TierCalibration NO_TIERS = new PerformanceRow.TierCalibration(Map.of(), Map.of(),
      Map.of());
  static final MonitorSettings S = MonitorSettings.from(LeadscoreConfig.defaults(Map.of(
      "leadscore.monitor.top_k", "2")));

  static FeatureDrift drift(String f, double psi, double p, int rank) {
    return new FeatureDrift(f, false, psi, new TwoSampleKs.Result(0.1, p), new FeatureDrift.MissingRates(0.1, 0.1), 0, 1000,
        rank);
  }

  @Test
  void psiAlertsOnlyOnTopKFeaturesAndKsAfterBonferroni() {
    List<Alert> alerts = new AlertRules(S).features(List.of(
        drift("top1", 0.30, 0.5, 1),       // PSI alert
        drift("top2", 0.20, 0.5, 2),       // below the PSI threshold
        drift("minor", 0.90, 0.5, 7),      // outside the top 2: no PSI alert
        drift("ks_weak", 0.01, 0.004, 3),  // 0.004 > 0.01 / 5 = 0.002: no alert after Bonferroni
        drift("ks_strong", 0.01, 0.001, 4)));
    assertEquals(List.of("feature_drift top1", "feature_ks ks_strong"),
        alerts.stream().map(a -> a.kind() + " " + a.subject()).toList());
    assertEquals(0.002, alerts.get(1).threshold(), 1e-12);
    assertTrue(alerts.get(0).message().startsWith("PSI 0.300 > 0.25 on the model's #1 input"), alerts.get(0).message());
  }

  @Test
  void missingRateScoreAndDecayAlerts() {
    FeatureDrift broken = new FeatureDrift("pricing", false, 0.01, new TwoSampleKs.Result(0.0, 0.9),
        new FeatureDrift.MissingRates(0.05, 0.60), 0, 1000, 1);
    assertEquals("missing_rate", new AlertRules(S).features(List.of(broken)).get(0).kind());
    assertTrue(new AlertRules(S).score(0.19).isEmpty());
    assertEquals("score_drift", new AlertRules(S).score(0.21).get(0).kind());
    assertTrue(new AlertRules(S).score(Double.NaN).isEmpty());
    PerformanceRow decayed = new PerformanceRow("2026-10-01", "3", 500, 60,
        new PerformanceRow.Ranking(0.70, 0.3, 2.0), 0.80, NO_TIERS);
    PerformanceRow fine = new PerformanceRow("2026-10-02", "3", 500, 60,
        new PerformanceRow.Ranking(0.77, 0.3, 2.0), 0.80, NO_TIERS);
    PerformanceRow small = new PerformanceRow("2026-10-03", "3", 50, 6,
        new PerformanceRow.Ranking(0.50, 0.3, 2.0), 0.80, NO_TIERS);
    List<Alert> a = new AlertRules(S).performance(List.of(decayed, fine, small));
    assertEquals(1, a.size());
    assertEquals("auc_decay 2026-10-01 v3", a.get(0).kind() + " " + a.get(0).subject());
    assertEquals(0.10, a.get(0).value(), 1e-12);
  }

  @Test
  void settingsAreValidatedWithTheKeyInTheMessage() {
    LeadscoreException e = assertThrows(LeadscoreException.class, () -> MonitorSettings.from(
        LeadscoreConfig.defaults(Map.of("leadscore.monitor.severity", "loud"))));
    assertEquals("'leadscore.monitor.severity' is 'loud' but must be warn or fail", e.getMessage());
    e = assertThrows(LeadscoreException.class, () -> MonitorSettings.from(
        LeadscoreConfig.defaults(Map.of("leadscore.monitor.ks_alpha", "1.5"))));
    assertEquals("'leadscore.monitor.ks_alpha' is 1.5 but must be in (0, 1)", e.getMessage());
    e = assertThrows(LeadscoreException.class, () -> MonitorSettings.from(
        LeadscoreConfig.defaults(Map.of("leadscore.monitor.webhook.url", "ftp://hooks.example/x"))));
    assertEquals("'leadscore.monitor.webhook.url' must be http(s), got scheme 'ftp'", e.getMessage());
    assertEquals(MonitorSettings.Severity.WARN, S.severity());
  }
}
