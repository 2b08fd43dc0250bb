package io.leadscore.serving;

import io.leadscore.serving.settings.ServingSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.serving.guard.ApiKeys;
import io.leadscore.serving.guard.FieldRules;
import io.leadscore.serving.guard.RateLimiter;
import io.leadscore.serving.guard.ScoreCache;
import io.leadscore.serving.store.LeadScore;
import io.leadscore.serving.store.OnlineStore;
import io.leadscore.serving.store.StoredLead;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Function;

/** A ServingServer on a free loopback port over a given store and scorer, with a client for the tests. */
final class TestServer implements AutoCloseable {
  static final String KEY = "test-key-not-a-secret";
  static final HttpClient CLIENT = HttpClient.newHttpClient();

  final ServingServer server;
  final Metrics metrics = new Metrics();
  final PredictionLog log;
  final ServingSettings settings;

  TestServer(Path lakehouse, OnlineStore store, Function<String, LeadScore> fallback, LeadScorer scorer,
             Map<String, String> overrides) throws Exception {
    Map<String, String> o = new HashMap<>(Map.of("leadscore.storage.root", lakehouse.toString(),
        "leadscore.serving.port", "0", "leadscore.serving.drain_timeout", "3s",
        "leadscore.serving.prediction_log.flush_interval", "1h"));
    o.putAll(overrides);
    Config config = LeadscoreConfig.defaults(o);
    settings = ServingSettings.from(config);
    ApiKeys keys = ApiKeys.from(settings, Map.of("LEADSCORE_API_KEYS", ApiKeys.sha256(KEY)));
    ScoreService service = new ScoreService(new ServingParts(store, fallback, scorer, FieldRules.from(config),
        new ScoreCache<>(settings.cache().ttl(), settings.cache().maxEntries(), System::nanoTime),
        Executors.newCachedThreadPool(), metrics), settings.http().deadline().toNanos(), Clock.systemUTC());
    log = new PredictionLog(settings.predictionLogDir(), settings.timings().logFlushInterval(), metrics);
    server = new ServingServer(settings, service, keys,
        new RateLimiter(settings.rateLimit().perSecond(), settings.rateLimit().burst(), System::nanoTime), metrics, log,
        new Readiness(store, scorer, () -> MapStore.NIGHT, fallback != null));
    server.start();
  }

  /** Over a map store whose own rows are the fallback. */
  static TestServer over(Path lakehouse, MapStore store, Map<String, String> overrides) throws Exception {
    return new TestServer(lakehouse, store, id -> {
      StoredLead l = store.leads.get(id);
      return l == null ? null : l.nightly();
    }, LeadScorer.NONE, overrides);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  HttpResponse<String> post(String json) throws Exception {
    return send(HttpRequest.newBuilder(uri("/v1/score")).header("Authorization", "Bearer " + KEY)
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  HttpResponse<String> get(String path, boolean withKey) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
    if (withKey) {
      b.header("X-API-Key", KEY);
    }
    return send(b.build());
  }

  static HttpResponse<String> send(HttpRequest r) throws Exception {
    return CLIENT.send(r, HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  @Override
  public void close() {
    server.close();
  }
}
