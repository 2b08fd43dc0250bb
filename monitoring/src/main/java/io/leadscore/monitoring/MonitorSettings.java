package io.leadscore.monitoring;

import com.typesafe.config.Config;
import io.leadscore.core.config.SettingsReader;
import java.time.Duration;
import java.util.Locale;

/**
 * Typed, validated settings of the monitor ({@code leadscore.monitor}), grouped by concern; every key has its
 * default and comment in this module's {@code reference.conf}, is read once and checked as it is read.
 *
 * @param alerts      the drift and decay thresholds that raise alerts
 * @param severity    {@code warn}: alerts are reported; {@code fail}: they also make the run degraded
 * @param reportDir   where {@code <date>.html} goes; empty = {@code <storage root>/reports}
 * @param leaderboard the reps' leaderboard of the report
 */
public record MonitorSettings(boolean enabled, Alerts alerts, Severity severity, Performance performance,
                              String reportDir, Webhook webhook, String experiment, Leaderboard leaderboard) {
  public static final String ROOT = "leadscore.monitor";

  /**
   * When the monitor alerts.
   *
   * @param psiThreshold      feature PSI above which a top-k feature alerts
   * @param topK              the features (by the champion's gain) whose PSI can alert
   * @param ksAlpha           family-wise KS significance level, Bonferroni-divided by the features tested
   * @param missingChange     absolute change of a top-k feature's missing rate that alerts
   * @param scorePsiThreshold score PSI (against the holdout's scores) above which the score alert fires
   * @param aucDecayThreshold holdout AUC minus realised AUC above which the decay alert fires
   * @param sampleSize        tonight's values per feature kept for the KS test
   */
  public record Alerts(double psiThreshold, int topK, double ksAlpha, double missingChange, double scorePsiThreshold,
                       double aucDecayThreshold, int sampleSize) {
    static Alerts from(SettingsReader m) {
      return new Alerts(m.number("psi_threshold", v -> v > 0, "> 0"), m.integer("top_k", v -> v >= 1, ">= 1"),
          m.number("ks_alpha", v -> v > 0 && v < 1, "in (0, 1)"),
          m.number("missing_rate_change", v -> v > 0 && v <= 1, "in (0, 1]"),
          m.number("score_psi_threshold", v -> v > 0, "> 0"), m.number("auc_decay_threshold", v -> v > 0, "> 0"),
          m.integer("sample_size", v -> v >= 50, ">= 50 (the KS test needs a sample)"));
    }
  }

  /** What an alert does to the run. */
  public enum Severity { WARN, FAIL }

  /**
   * Realised performance: score dates up to {@code lookbackDays} back whose label horizon has closed; a date
   * needs {@code minRows} scored leads and {@code minPositives} conversions before its AUC can alert;
   * above {@code maxRowsPerDate} leads a random sample is evaluated.
   */
  public record Performance(int lookbackDays, int minRows, int minPositives, int maxRowsPerDate) {}

  /**
   * The reps' leaderboard: leads routing assigned in the last {@code windowDays} days up to the report date; a lead
   * counts as contacted at its first activity of {@code contactTypes} at or after its assignment date, within the
   * tier's {@code sla} (from the start of that date); the precision counts the conversions of {@code hotTiers}.
   */
  public record Leaderboard(int windowDays, java.util.List<String> contactTypes, java.util.Map<String, Duration> sla,
                            java.util.Set<String> hotTiers) {
    public Leaderboard {
      contactTypes = java.util.List.copyOf(contactTypes);
      sla = java.util.Map.copyOf(sla);
      hotTiers = java.util.Set.copyOf(hotTiers);
    }
  }

  /**
   * The optional alert webhook (Slack-compatible JSON POST). {@code secretEnv} names the environment variable
   * whose value is sent as a bearer token; the value itself is never configured, logged or recorded. The URL
   * is https: its path is a secret too (Slack's), so plain http is allowed only to this machine, and only with
   * {@code allowPlainHttpLoopback} ({@code leadscore.monitor.webhook.allow_plain_http_loopback}).
   */
  public record Webhook(String url, String secretEnv, int attempts, Duration backoff, Duration timeout,
                        boolean allowPlainHttpLoopback) {
    /** A webhook that must be https. */
    public Webhook(String url, String secretEnv, int attempts, Duration backoff, Duration timeout) {
      this(url, secretEnv, attempts, backoff, timeout, false);
    }

    public boolean enabled() {
      return !url.isBlank();
    }
  }

  public static MonitorSettings from(Config c) {
    SettingsReader m = SettingsReader.of(c, ROOT, (key, value, rule) -> MonitoringErrors.of("'%s' is %s but must be %s",
        key, value, rule));
    Alerts alerts = Alerts.from(m);
    Severity severity = m.string("severity", MonitorSettings::severity, v -> v != null, "warn or fail");
    SettingsReader p = m.at("performance");
    String minRowsKey = "min_rows";
    int minRows = p.integer(minRowsKey, v -> v >= 1, ">= 1");
    Performance performance = new Performance(p.integer("lookback_days", v -> v >= 1, ">= 1"), minRows,
        p.integer("min_positives", v -> v >= 1, ">= 1"),
        p.integer("max_rows_per_date", v -> v >= minRows, ">= " + minRowsKey + " (" + minRows + ")"));
    return new MonitorSettings(m.flag("enabled"), alerts, severity, performance, m.string("report_dir"),
        WebhookCheck.webhook(m.at("webhook")), m.string("experiment"), leaderboard(m.at("leaderboard")));
  }

  private static Severity severity(String word) {
    return switch (word.trim().toLowerCase(Locale.ROOT)) {
      case "warn" -> Severity.WARN;
      case "fail" -> Severity.FAIL;
      default -> null;
    };
  }

  private static Leaderboard leaderboard(SettingsReader l) {
    int days = l.integer("window_days", v -> v >= 1, ">= 1");
    java.util.Map<String, Duration> sla = new java.util.TreeMap<>();
    SettingsReader tiers = l.at("sla");
    for (String tier : tiers.config().root().keySet()) {
      sla.put(tier, tiers.positiveDuration(tier));
    }
    return new Leaderboard(days, l.config().getStringList("contact_types").stream()
        .map(t -> t.trim().toLowerCase(Locale.ROOT)).toList(), sla,
        java.util.Set.copyOf(l.config().getStringList("hot_tiers")));
  }
}
