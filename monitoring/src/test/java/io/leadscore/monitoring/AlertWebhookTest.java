package io.leadscore.monitoring;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The alert webhook against an in-process HTTP server: retry after a failure, the secret as a bearer token. */
class AlertWebhookTest {
  static final String SECRET = "s3cr3t-token-value";
  static final List<Alert> ALERTS = List.of(new Alert(Alert.SCORE_DRIFT, "score", 0.31, 0.2, "score PSI 0.310 > 0.20"));

  record Received(String auth, String contentType, String body) {}

  /** A server answering the given statuses in turn (the last one for every later request). */
  static HttpServer server(List<Integer> statuses, List<Received> got) throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicInteger n = new AtomicInteger();
    s.createContext("/services/T000/B000/XXXX", ex -> {
      got.add(new Received(ex.getRequestHeaders().getFirst("Authorization"),
          ex.getRequestHeaders().getFirst("Content-Type"),
          new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      int status = statuses.get(Math.min(n.getAndIncrement(), statuses.size() - 1));
      byte[] body = (status == 200 ? "ok" : "no").getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    s.start();
    return s;
  }

  static MonitorSettings.Webhook settings(HttpServer s, int attempts) {
    return new MonitorSettings.Webhook("http://127.0.0.1:" + s.getAddress().getPort() + "/services/T000/B000/XXXX",
        "HOOK_TOKEN", attempts, Duration.ofMillis(20), Duration.ofSeconds(5));
  }

  @Test
  void retriesAFailureThenDeliversSlackJsonWithTheBearerToken() throws Exception {
    List<Received> got = new CopyOnWriteArrayList<>();
    HttpServer s = server(List.of(503, 200), got);
    try {
      AlertWebhook.Delivery d = new AlertWebhook(settings(s, 3), Map.of("HOOK_TOKEN", SECRET))
          .send("leadscore 2026-11-24: 1 alert", ALERTS);
      assertTrue(d.delivered(), String.valueOf(d));
      assertEquals(2, d.attempts());
      assertEquals(2, got.size());
      assertEquals("Bearer " + SECRET, got.get(1).auth());
      assertEquals("application/json", got.get(1).contentType());
      Map<?, ?> json = new ObjectMapper().readValue(got.get(1).body(), Map.class);
      assertEquals("leadscore 2026-11-24: 1 alert\n• [score_drift] score: score PSI 0.310 > 0.20", json.get("text"));
    } finally {
      s.stop(0);
    }
  }

  @Test
  void givesUpAfterItsAttemptsWithoutNamingTheSecretOrTheUrlPath() throws Exception {
    List<Received> got = new CopyOnWriteArrayList<>();
    HttpServer s = server(List.of(500), got);
    try {
      AlertWebhook.Delivery d = new AlertWebhook(settings(s, 3), Map.of("HOOK_TOKEN", SECRET)).send("t", ALERTS);
      assertFalse(d.delivered());
      assertEquals(3, got.size());
      assertEquals("HTTP 500 from http://127.0.0.1:" + s.getAddress().getPort() + "/***", d.error());
      assertFalse(d.error().contains(SECRET) || d.error().contains("XXXX"), d.error());
    } finally {
      s.stop(0);
    }
    // a 4xx other than 429 is not retried: the URL or the token is wrong, a retry cannot help
    List<Received> got4 = new CopyOnWriteArrayList<>();
    HttpServer s4 = server(List.of(403), got4);
    try {
      AlertWebhook.Delivery d = new AlertWebhook(settings(s4, 3), Map.of()).send("t", ALERTS);
      assertFalse(d.delivered());
      assertEquals(1, got4.size());
      assertNull(got4.get(0).auth(), "no token configured: no Authorization header");
      assertTrue(d.error().contains("not retried"), d.error());
    } finally {
      s4.stop(0);
    }
  }

  @Test
  void theWebhookSecretsTravelOverHttpsOrStayOnThisMachine() {
    java.util.function.Function<Map<String, String>, MonitorSettings> load = o -> MonitorSettings.from(
        io.leadscore.core.config.LeadscoreConfig.defaults(o));
    // a Slack path over plain http: refused at start-up, without printing the path
    io.leadscore.core.LeadscoreException remote = assertThrows(io.leadscore.core.LeadscoreException.class, () ->
        load.apply(Map.of("leadscore.monitor.webhook.url", "http://hooks.slack.com/services/T000/B000/" + SECRET,
            "leadscore.monitor.webhook.allow_plain_http_loopback", "true")));
    assertTrue(remote.getMessage().contains("plain http") && remote.getMessage().contains("use an https URL"),
        remote.getMessage());
    assertFalse(remote.getMessage().contains(SECRET) || remote.getMessage().contains("B000"), remote.getMessage());
    // a relay on this machine: only when the setting says so, and the message names the setting
    String local = "http://127.0.0.1:9/services/T000/B000/" + SECRET;
    io.leadscore.core.LeadscoreException loopback = assertThrows(io.leadscore.core.LeadscoreException.class, () ->
        load.apply(Map.of("leadscore.monitor.webhook.url", local)));
    assertTrue(loopback.getMessage().contains("leadscore.monitor.webhook.allow_plain_http_loopback = true"),
        loopback.getMessage());
    assertTrue(load.apply(Map.of("leadscore.monitor.webhook.url", local,
        "leadscore.monitor.webhook.allow_plain_http_loopback", "true")).webhook().allowPlainHttpLoopback());
    assertTrue(load.apply(Map.of("leadscore.monitor.webhook.url", "https://hooks.slack.com/services/T/B/x"))
        .webhook().enabled());
  }

  @Test
  void aBadWebhookUrlAndAnUnreachableOneAreToldWithoutTheSecretPath() throws Exception {
    String hook = "https://hooks.slack.com/services/T000/B000/" + SECRET;
    io.leadscore.core.LeadscoreException e = org.junit.jupiter.api.Assertions.assertThrows(
        io.leadscore.core.LeadscoreException.class, () -> MonitorSettings.from(io.leadscore.core.config.LeadscoreConfig
            .defaults(Map.of("leadscore.monitor.webhook.url", hook + " |x"))));
    assertFalse(e.getMessage().contains(SECRET) || e.getMessage().contains("B000"), e.getMessage());
    assertTrue(e.getMessage().contains("'https://hooks.slack.com/***' does not parse"), e.getMessage());

    int port;
    try (java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    AlertWebhook.Delivery d = new AlertWebhook(new MonitorSettings.Webhook("http://u:" + SECRET + "@127.0.0.1:" + port
        + "/services/T000/B000/" + SECRET + "?token=" + SECRET, "HOOK_TOKEN", 1, Duration.ofMillis(1),
        Duration.ofSeconds(2)), Map.of("HOOK_TOKEN", SECRET)).send("t", ALERTS);
    assertFalse(d.delivered());
    assertFalse(d.error().contains(SECRET) || d.error().contains("B000"), d.error());
    assertTrue(d.error().endsWith("sending to http://***@127.0.0.1:" + port + "/***"), d.error());
  }
}
