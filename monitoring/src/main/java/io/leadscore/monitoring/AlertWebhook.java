package io.leadscore.monitoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.core.Redact;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * Sends the night's alerts as one Slack-compatible JSON POST ({@code {"text": ...}}), retrying connection
 * errors, 429 and 5xx with a doubling backoff. The bearer token comes from the environment variable the
 * settings name; neither it nor the URL's path and query (Slack puts its secret there) appear in any message.
 */
public final class AlertWebhook {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What happened: delivered on which attempt, or the last error (without secrets). */
  public record Delivery(boolean delivered, int attempts, String error) {}

  private final MonitorSettings.Webhook settings;
  private final Map<String, String> env;
  private final HttpClient http;

  public AlertWebhook(MonitorSettings.Webhook settings, Map<String, String> env) {
    this.settings = settings;
    this.env = env;
    this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
  }

  /** The message text: a headline, then one line per alert. */
  public static String text(String title, List<Alert> alerts) {
    StringBuilder b = new StringBuilder(title);
    alerts.forEach(a -> b.append("\n• ").append(a.line()));
    return b.toString();
  }

  public Delivery send(String title, List<Alert> alerts) {
    String body;
    try {
      body = JSON.writeValueAsString(Map.of("text", text(title, alerts)));
    } catch (IOException e) {
      throw MonitoringErrors.wrap("Cannot write the alert webhook's message as JSON: " + e.getMessage(), e);
    }
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(settings.url())).timeout(settings.timeout())
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    String secret = env.get(settings.secretEnv());
    if (secret != null && !secret.isBlank()) {
      req.header("Authorization", "Bearer " + secret);
    }
    String error = null;
    long wait = settings.backoff().toMillis();
    for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
      try {
        HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 == 2) {
          return new Delivery(true, attempt, null);
        }
        error = "HTTP " + r.statusCode() + " from " + redacted();
        if (r.statusCode() != 429 && r.statusCode() < 500) {
          return new Delivery(false, attempt, error + " (not retried: fix the webhook URL or its token in "
              + settings.secretEnv() + ")");
        }
      } catch (IOException e) {
        error = e.getClass().getSimpleName() + " sending to " + redacted();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw MonitoringErrors.wrap("interrupted while sending alerts to " + redacted(), e);
      }
      if (attempt < settings.attempts()) {
        sleep(wait);
        wait *= 2;
      }
    }
    return new Delivery(false, settings.attempts(), error);
  }

  /** scheme://host:port/*** : the path and query of a webhook URL are its secret. */
  String redacted() {
    return Redact.webhook(settings.url());
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
