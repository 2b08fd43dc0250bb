package io.leadscore.monitoring;

import com.typesafe.config.Config;
import io.leadscore.core.Loopback;
import io.leadscore.core.Redact;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * Typed, validated settings of the monitor ({@code leadscore.monitor}); every key has its default and comment
 * in this module's {@code reference.conf}.
 *
 * @param psiThreshold       feature PSI above which a top-k feature alerts
 * @param topK               the features (by the champion's gain) whose PSI can alert
 * @param ksAlpha            family-wise KS significance level, Bonferroni-divided by the features tested
 * @param missingChange      absolute change of a top-k feature's missing rate that alerts
 * @param scorePsiThreshold  score PSI (against the holdout's scores) above which the score alert fires
 * @param aucDecayThreshold  holdout AUC minus realised AUC above which the decay alert fires
 * @param severity           {@code warn}: alerts are reported; {@code fail}: they also make the run degraded
 * @param sampleSize         tonight's values per feature kept for the KS test
 * @param reportDir          where {@code <date>.html} goes; empty = {@code <storage root>/reports}
 * @param leaderboard        the reps' leaderboard of the report
 */
public record MonitorSettings(boolean enabled, double psiThreshold, int topK, double ksAlpha, double missingChange,
                              double scorePsiThreshold, double aucDecayThreshold, Severity severity, int sampleSize,
                              Performance performance, String reportDir, Webhook webhook, String experiment,
                              Leaderboard leaderboard) {
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

  public MonitorSettings {
    positive("psi_threshold", psiThreshold);
    positive("score_psi_threshold", scorePsiThreshold);
    positive("auc_decay_threshold", aucDecayThreshold);
    if (topK < 1) {
      throw bad("top_k", topK, "must be >= 1");
    }
    if (!(ksAlpha > 0 && ksAlpha < 1)) {
      throw bad("ks_alpha", ksAlpha, "must be in (0, 1)");
    }
    if (!(missingChange > 0 && missingChange <= 1)) {
      throw bad("missing_rate_change", missingChange, "must be in (0, 1]");
    }
    if (sampleSize < 50) {
      throw bad("sample_size", sampleSize, "must be >= 50 (the KS test needs a sample)");
    }
    if (performance.lookbackDays() < 1 || performance.minRows() < 1 || performance.minPositives() < 1
        || performance.maxRowsPerDate() < performance.minRows()) {
      throw MonitoringErrors.of("'leadscore.monitor.performance' is %s: every value must be >= 1 and "
          + "max_rows_per_date >= min_rows", performance);
    }
    if (webhook.enabled()) {
      URI u;
      try {
        u = URI.create(webhook.url());
      } catch (IllegalArgumentException e) {
        // the parser's message quotes the whole URL, whose path is the webhook's secret
        throw MonitoringErrors.notAUrl("leadscore.monitor.webhook.url", "'" + Redact.webhook(webhook.url())
            + "' does not parse; check its characters (the path is hidden here: it is the webhook's secret)");
      }
      if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
        throw MonitoringErrors.of("'leadscore.monitor.webhook.url' must be http(s), got scheme '%s'", u.getScheme());
      }
      if (u.getScheme().equals("http") && !(webhook.allowPlainHttpLoopback() && Loopback.host(u))) {
        // the path (Slack's secret) and the bearer token would cross the network in clear text
        throw MonitoringErrors.of("'leadscore.monitor.webhook.url' is %s, plain http, but its path and token are "
            + "secrets: use an https URL%s", Redact.webhook(webhook.url()), Loopback.host(u)
            ? ", or for a relay on this machine set leadscore.monitor.webhook.allow_plain_http_loopback = true"
            : " (plain http is allowed only to 127.0.0.0/8, ::1 or localhost, with "
                + "leadscore.monitor.webhook.allow_plain_http_loopback = true)");
      }
      if (webhook.attempts() < 1) {
        throw bad("webhook.attempts", webhook.attempts(), "must be >= 1");
      }
    }
  }

  public static MonitorSettings from(Config c) {
    Config m = c.getConfig("leadscore.monitor");
    String sev = m.getString("severity").trim().toLowerCase(Locale.ROOT);
    Severity severity = switch (sev) {
      case "warn" -> Severity.WARN;
      case "fail" -> Severity.FAIL;
      default -> throw bad("severity", "\"" + sev + "\"", "must be warn or fail");
    };
    Config p = m.getConfig("performance");
    Config w = m.getConfig("webhook");
    return new MonitorSettings(m.getBoolean("enabled"), m.getDouble("psi_threshold"), m.getInt("top_k"),
        m.getDouble("ks_alpha"), m.getDouble("missing_rate_change"), m.getDouble("score_psi_threshold"),
        m.getDouble("auc_decay_threshold"), severity, m.getInt("sample_size"),
        new Performance(p.getInt("lookback_days"), p.getInt("min_rows"), p.getInt("min_positives"),
            p.getInt("max_rows_per_date")), m.getString("report_dir"),
        new Webhook(w.getString("url"), w.getString("secret_env"), w.getInt("attempts"), w.getDuration("backoff"),
            w.getDuration("timeout"), w.getBoolean("allow_plain_http_loopback")), m.getString("experiment"),
        leaderboard(m.getConfig("leaderboard")));
  }

  private static Leaderboard leaderboard(Config l) {
    int days = l.getInt("window_days");
    if (days < 1) {
      throw bad("leaderboard.window_days", days, "must be >= 1");
    }
    java.util.Map<String, Duration> sla = new java.util.TreeMap<>();
    for (String tier : l.getConfig("sla").root().keySet()) {
      Duration d = l.getConfig("sla").getDuration(tier);
      if (d.isNegative() || d.isZero()) {
        throw bad("leaderboard.sla." + tier, d, "must be > 0 (e.g. 24h)");
      }
      sla.put(tier, d);
    }
    return new Leaderboard(days, l.getStringList("contact_types").stream()
        .map(t -> t.trim().toLowerCase(Locale.ROOT)).toList(), sla, java.util.Set.copyOf(l.getStringList("hot_tiers")));
  }

  private static void positive(String key, double v) {
    if (!(v > 0)) {
      throw bad(key, v, "must be > 0");
    }
  }

  private static MonitoringException bad(String key, Object value, String rule) {
    return MonitoringErrors.badSetting(key, value, rule);
  }
}
