package io.leadscore.serving;

import io.leadscore.serving.errors.ServingException;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API and its guard rails over a hand-made store: no Spark, no lakehouse tables. */
class ServingHttpTest {
  @TempDir
  Path dir;
  MapStore store;
  TestServer t;

  @BeforeEach
  void start() throws Exception {
    store = new MapStore().with("L1", 0.8123, "A", null).with("L2", 0.1, "D", null).with("L3", 0.5, "B", "opted out");
    t = TestServer.over(dir, store, Map.of());
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void aKnownLeadAnswersItsNightlyScoreWithEveryFieldInRequestOrder() throws Exception {
    HttpResponse<String> r = t.post("{\"leads\":[{\"lead_id\":\"L2\"},{\"lead_id\":\"L1\"}]}");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode s = TestServer.json(r).get("scores");
    assertEquals(List.of("L2", "L1"), List.of(s.get(0).get("lead_id").asText(), s.get(1).get("lead_id").asText()));
    JsonNode a = s.get(1);
    assertEquals(0.8123, a.get("probability").asDouble());
    assertEquals(81, a.get("score").asInt());
    assertEquals("A", a.get("tier").asText());
    assertEquals("Visited the pricing page 3 times in the last 7 days", a.get("reasons").get(0).asText());
    assertEquals("call today", a.get("next_best_action").asText());
    assertEquals("3", a.get("model").get("version").asText());
    assertEquals("champion", a.get("model").get("arm").asText());
    assertEquals("2026-11-24", a.get("feature_date").asText());
    assertEquals("nightly", a.get("source").asText());
    assertTrue(a.get("latency_ms").asDouble() >= 0);

    HttpResponse<String> one = t.get("/v1/leads/L1/score", true);
    assertEquals(200, one.statusCode(), one.body());
    assertEquals(0.8123, TestServer.json(one).get("probability").asDouble());
  }

  @Test
  void overTheRateLimitIs429WithRetryAfter() throws Exception {
    t.close();
    t = TestServer.over(dir, store, Map.of("leadscore.serving.rate_limit.per_second", "0.5",
        "leadscore.serving.rate_limit.burst", "2"));
    assertEquals(200, t.get("/v1/leads/L1/score", true).statusCode());
    assertEquals(200, t.get("/v1/leads/L1/score", true).statusCode());
    HttpResponse<String> r = t.get("/v1/leads/L1/score", true);
    assertEquals(429, r.statusCode(), r.body());
    long retry = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retry >= 1 && retry <= 2, "Retry-After " + retry);
    // health and metrics are not rate limited
    assertEquals(200, t.get("/healthz", false).statusCode());
  }

  @Test
  void aBadFieldIs400NamingTheFieldAndTheRule() throws Exception {
    HttpResponse<String> r = t.post("{\"leads\":[{\"lead_id\":\"L1\"},{\"fields\":{\"employees\":\"-5\"}}]}");
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.body().contains("leads[1].fields.employees failed rule 'min'"), r.body());
    r = t.post("{\"leads\":[{\"fields\":{\"created_at\":\"yesterday\"}}]}");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("fields.created_at failed rule 'type:timestamp'"), r.body());
    // a field no mapping knows is refused, never silently missing
    r = t.post("{\"leads\":[{\"lead_id\":\"L1\",\"fields\":{\"emploees\":12}}]}");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("fields.emploees failed rule 'unknown'"), r.body());
    r = t.post("{\"leads\":[{\"fields\":{\"job_title\":\"=HYPERLINK(1)\"}}]}");
    assertTrue(r.body().contains("fields.job_title failed rule 'formula_injection'"), r.body());
  }

  @Test
  void aBodyOverTheBoundIs413AndTooManyLeadsIs400() throws Exception {
    String big = "{\"leads\":[" + "{\"lead_id\":\"L1\"},".repeat(70_000) + "{\"lead_id\":\"L1\"}]}";
    HttpResponse<String> r = t.post(big);
    assertEquals(413, r.statusCode(), r.body().substring(0, Math.min(200, r.body().length())));
    String many = "{\"leads\":[" + "{\"lead_id\":\"L1\"},".repeat(1000) + "{\"lead_id\":\"L1\"}]}";
    r = t.post(many);
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("1001 entries; send 1 to 1000"), r.body());
  }

  @Test
  void anOptedOutLeadIsRefusedAndAnUnknownOneIs404() throws Exception {
    HttpResponse<String> r = t.post("{\"leads\":[{\"lead_id\":\"L3\"}]}");
    assertEquals(403, r.statusCode());
    assertTrue(r.body().contains("L3") && r.body().contains("opted out"), r.body());
    r = t.get("/v1/leads/L999/score", true);
    assertEquals(404, r.statusCode());
    assertTrue(r.body().contains("L999 is not known"), r.body());
  }

  @Test
  void withoutAValidKeyIs401AndKeysAreKeptOnlyAsDigests() throws Exception {
    assertEquals(401, t.get("/v1/leads/L1/score", false).statusCode());
    HttpResponse<String> r = TestServer.send(java.net.http.HttpRequest.newBuilder(t.uri("/v1/leads/L1/score"))
        .header("X-API-Key", "wrong").GET().build());
    assertEquals(401, r.statusCode());
    // a plain key in the digest list is refused at start, without echoing it
    ServingException e = assertThrows(ServingException.class, () -> io.leadscore.serving.guard.ApiKeys.from(
        t.settings, Map.of("LEADSCORE_API_KEYS", "my-plain-secret")));
    assertFalse(e.getMessage().contains("my-plain-secret"), e.getMessage());
  }

  @Test
  void aSlowStoreAnswersTheNightlyScoreAsFallbackWithinTheDeadline() throws Exception {
    t.post("{\"leads\":[{\"lead_id\":\"L2\"}]}"); // warm up the JVM's path first
    store.remote = true;
    store.delayMillis = 2000;
    long start = System.nanoTime();
    HttpResponse<String> r = t.post("{\"leads\":[{\"lead_id\":\"L1\"}]}");
    double ms = (System.nanoTime() - start) / 1e6;
    assertEquals(200, r.statusCode(), r.body());
    JsonNode a = TestServer.json(r).get("scores").get(0);
    assertEquals("fallback", a.get("source").asText());
    assertEquals(0.8123, a.get("probability").asDouble());
    assertTrue(a.get("latency_ms").asDouble() < 250 + 50, "answered in " + a.get("latency_ms") + " ms");
    assertTrue(ms < 1000, "the client waited " + ms + " ms, the store takes 2000");
    assertEquals(1, t.metrics.fallbacks());
  }

  @Test
  void aRepeatedRequestIsACacheHit() throws Exception {
    t.post("{\"leads\":[{\"lead_id\":\"L1\"}]}");
    t.post("{\"leads\":[{\"lead_id\":\"L1\"}]}");
    assertEquals(1, t.metrics.cacheHits());
  }

  /** Prometheus text format: HELP/TYPE comments, then `name{labels} value` samples. */
  @Test
  void metricsParseAsPrometheusText() throws Exception {
    t.post("{\"leads\":[{\"lead_id\":\"L1\"}]}");
    t.get("/v1/leads/L999/score", true);
    HttpResponse<String> r = t.get("/metrics", false);
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"));
    Pattern sample = Pattern.compile("^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\",?)*\\})? "
        + "[-+]?([0-9.]+([eE][-+]?[0-9]+)?|Inf|NaN)$");
    for (String line : r.body().split("\n")) {
      assertTrue(line.startsWith("# HELP ") || line.startsWith("# TYPE ") || sample.matcher(line).matches(), line);
    }
    assertTrue(r.body().contains("leadscore_requests_total{route=\"/v1/score\",status=\"200\"} 1"), r.body());
    assertTrue(r.body().contains("leadscore_requests_total{route=\"/v1/leads/{id}/score\",status=\"404\"} 1"));
    assertTrue(r.body().contains("leadscore_request_duration_seconds_count "));
    assertTrue(r.body().contains("leadscore_model_info{version=\"none\"} 1"));
  }

  @Test
  void everyRouteOfOpenApiExistsAndViceVersa() throws Exception {
    List<String> documented = new ArrayList<>();
    String path = null;
    for (String line : Files.readAllLines(Path.of("src/main/resources/openapi.yaml"))) {
      Matcher p = Pattern.compile("^  (/\\S*):$").matcher(line);
      Matcher m = Pattern.compile("^    (get|post|put|delete|patch):").matcher(line);
      if (p.find()) {
        path = p.group(1);
      } else if (m.find()) {
        documented.add(m.group(1).toUpperCase() + " " + path);
      }
    }
    assertEquals(ServingServer.ROUTES.stream().sorted().toList(), documented.stream().sorted().toList());
    for (String route : ServingServer.ROUTES) {
      String[] mp = route.split(" ");
      String p = mp[1].replace("{id}", "L1");
      var req = java.net.http.HttpRequest.newBuilder(t.uri(p)).header("X-API-Key", TestServer.KEY);
      var r = TestServer.send(mp[0].equals("GET") ? req.GET().build()
          : req.POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"leads\":[{\"lead_id\":\"L1\"}]}")).build());
      assertEquals(200, r.statusCode(), route + ": " + r.body());
    }
    assertEquals(404, t.get("/v2/score", true).statusCode());
  }

  @Test
  void shutdownDrainsInFlightRequestsAndWritesThePredictionLog() throws Exception {
    store.delayMillis = 400;
    var inFlight = TestServer.CLIENT.sendAsync(java.net.http.HttpRequest.newBuilder(t.uri("/v1/score"))
        .header("X-API-Key", TestServer.KEY).POST(java.net.http.HttpRequest.BodyPublishers.ofString(
            "{\"leads\":[{\"lead_id\":\"L1\"},{\"lead_id\":\"L2\"}]}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertTrue(store.entered.await(10, java.util.concurrent.TimeUnit.SECONDS));
    t.close();
    assertEquals(200, inFlight.get().statusCode(), inFlight.get().body());
    List<Path> files;
    try (Stream<Path> s = Files.list(t.settings.predictionLogDir())) {
      files = s.toList();
    }
    assertEquals(1, files.size(), files.toString());
    assertTrue(files.get(0).getFileName().toString().endsWith(".jsonl"), "no temp file is left: " + files);
    List<String> lines = Files.readAllLines(files.get(0));
    assertEquals(2, lines.size());
    JsonNode first = Json.MAPPER.readTree(lines.get(0));
    assertEquals("L1", first.get("lead_id").asText());
    assertEquals("nightly", first.get("source").asText());
    assertEquals("3", first.get("model_version").asText());
  }
}
