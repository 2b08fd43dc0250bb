package io.leadscore.serving;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadscore.serving.store.Lakehouse;
import io.leadscore.serving.store.LeadScore;
import io.leadscore.serving.store.RedisMaterialiser;
import io.leadscore.serving.store.RedisServer;
import io.leadscore.serving.store.RedisStore;
import io.leadscore.serving.store.StoredLead;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service over a real Redis store, and what happens when Redis goes away. */
class RedisServingTest {
  @TempDir
  Path dir;

  @Test
  void redisDownGivesFallbackAnswersWithinTheDeadlineAndReadyzSaysDegraded() throws Exception {
    RedisServer redis = RedisServer.start(dir.resolve("redis"));
    MapStore night = new MapStore().with("L1", 0.8123, "A", null).with("L2", 0.1, "D", null)
        .with("L3", 0.3, "C", null);
    Map<String, LeadScore> fallback = Map.of("L1", night.leads.get("L1").nightly(), "L3",
        night.leads.get("L3").nightly());
    try (RedisStore store = new RedisStore("127.0.0.1", redis.port, 100, "serve:")) {
      RedisMaterialiser.run(new Lakehouse.Night(Map.copyOf(night.leads), MapStore.NIGHT,
          new Lakehouse.Versions(1, 1, 1)), store);
      try (TestServer t = new TestServer(dir, store, fallback::get, LeadScorer.NONE, Map.of())) {
        HttpResponse<String> r = t.post("{\"leads\":[{\"lead_id\":\"L1\"},{\"lead_id\":\"L2\"}]}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("nightly", TestServer.json(r).get("scores").get(0).get("source").asText());
        assertEquals("ready", TestServer.json(t.get("/readyz", false)).get("status").asText());
        assertEquals(404, t.get("/v1/leads/L9/score", true).statusCode());

        redis.stop();
        // L1 was answered before: the cache still answers it; L3 was not, so its lookup fails over
        assertEquals("nightly", TestServer.json(t.get("/v1/leads/L1/score", true)).get("source").asText());
        long start = System.nanoTime();
        r = t.get("/v1/leads/L3/score", true);
        double ms = (System.nanoTime() - start) / 1e6;
        assertEquals(200, r.statusCode(), r.body());
        JsonNode a = TestServer.json(r);
        assertEquals("fallback", a.get("source").asText());
        assertEquals(0.3, a.get("probability").asDouble());
        assertTrue(ms < 250 + 150, "answered in " + ms + " ms");
        assertEquals(1, t.metrics.fallbacks());
        HttpResponse<String> ready = t.get("/readyz", false);
        assertEquals(200, ready.statusCode());
        JsonNode state = TestServer.json(ready);
        assertEquals("degraded", state.get("status").asText(), ready.body());
        assertTrue(state.get("problem").asText().contains("does not answer"), ready.body());
      }
    } finally {
      redis.stop();
    }
  }
}
