package io.leadscore.monitoring;

import io.leadscore.core.Loopback;
import io.leadscore.core.Redact;
import io.leadscore.core.config.SettingsReader;
import java.net.URI;

/**
 * Reads and checks {@code leadscore.monitor.webhook}: an http(s) URL, plain http only to this machine and only when
 * allowed, and at least one attempt. The URL's path is a secret (Slack's), so no message shows it.
 */
final class WebhookCheck {
  /** Named again by the checks below. */
  private static final String URL = "url";
  private static final String ALLOW_PLAIN_HTTP_LOOPBACK = "allow_plain_http_loopback";

  private WebhookCheck() {}

  static MonitorSettings.Webhook webhook(SettingsReader w) {
    MonitorSettings.Webhook webhook = new MonitorSettings.Webhook(w.string(URL), w.string("secret_env"),
        w.integer("attempts", v -> v >= 1, ">= 1"), w.positiveDuration("backoff"), w.positiveDuration("timeout"),
        w.flag(ALLOW_PLAIN_HTTP_LOOPBACK));
    if (!webhook.enabled()) {
      return webhook;
    }
    String key = w.key(URL);
    URI u;
    try {
      u = URI.create(webhook.url());
    } catch (IllegalArgumentException e) {
      // the parser's message quotes the whole URL, whose path is the webhook's secret
      throw MonitoringErrors.notAUrl(key, "'" + Redact.webhook(webhook.url())
          + "' does not parse; check its characters (the path is hidden here: it is the webhook's secret)");
    }
    if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
      throw MonitoringErrors.of("'%s' must be http(s), got scheme '%s'", key, u.getScheme());
    }
    if (u.getScheme().equals("http") && !(webhook.allowPlainHttpLoopback() && Loopback.host(u))) {
      // the path (Slack's secret) and the bearer token would cross the network in clear text
      String allow = w.key(ALLOW_PLAIN_HTTP_LOOPBACK);
      throw MonitoringErrors.of("'%s' is %s, plain http, but its path and token are secrets: use an https URL%s", key,
          Redact.webhook(webhook.url()), Loopback.host(u)
              ? ", or for a relay on this machine set " + allow + " = true"
              : " (plain http is allowed only to 127.0.0.0/8, ::1 or localhost, with " + allow + " = true)");
    }
    return webhook;
  }
}
