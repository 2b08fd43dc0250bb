package io.leadscore.serving.store;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Redis store and the materialise step against a real redis-server (one per class). */
class RedisStoreTest {
  static final LocalDate NIGHT = LocalDate.of(2026, 11, 24);
  @TempDir
  static Path dir;
  static RedisServer redis;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisServer.start(dir.resolve("redis"));
  }

  @AfterAll
  static void stop() throws Exception {
    redis.stop();
  }

  static StoredLead lead(String id, double p, String blocked) {
    return new StoredLead(id, Map.of("page_views_7d", 3L, "industry", "retail", "recency_days", 2.5), NIGHT,
        new LeadScore(p, (int) Math.round(100 * p), "B", List.of("a reason"), "email",
            new ModelRef("lead-score", "4", "champion"), NIGHT), blocked);
  }

  static Lakehouse.Night night(StoredLead... leads) {
    Map<String, StoredLead> m = new HashMap<>();
    for (StoredLead l : leads) {
      m.put(l.leadId(), l);
    }
    return new Lakehouse.Night(m, NIGHT, new Lakehouse.Versions(1, 1, 1));
  }

  @Test
  void materialiseWritesOnlyChangedLeadsAndDeletesTheOnesTheNightNoLongerHolds() {
    try (RedisStore store = new RedisStore("127.0.0.1", redis.port, 500, "t1:")) {
      assertNotNull(store.problem(), "no night yet");
      var first = RedisMaterialiser.run(night(lead("L1", 0.5, null), lead("L2", 0.25, null),
          lead("L3", 0.75, "opted out")), store);
      assertEquals(new RedisMaterialiser.Result(3, 0, 0), first);
      assertNull(store.problem());
      StoredLead back = store.lead("L1").orElseThrow();
      assertEquals(lead("L1", 0.5, null), back);
      assertEquals("opted out", store.lead("L3").orElseThrow().blocked());

      // next night: L1 unchanged, L2's score moved, L3 erased
      var second = RedisMaterialiser.run(night(lead("L1", 0.5, null), lead("L2", 0.3, null)), store);
      assertEquals(new RedisMaterialiser.Result(1, 1, 1), second);
      assertTrue(store.lead("L3").isEmpty(), "an erased lead is unknown");
      assertEquals(0.3, store.lead("L2").orElseThrow().nightly().probability());
      assertEquals(java.util.Set.of("L1", "L2"), store.leads(List.of("L1", "L2", "L9")).keySet());
      assertEquals(2, RedisMaterialiser.dump(store).size());
    }
  }

  @Test
  void aStoppedRedisIsAProblemAndALookupFailsFast() throws Exception {
    RedisServer own = RedisServer.start(dir.resolve("redis-own"));
    try (RedisStore store = new RedisStore("127.0.0.1", own.port, 200, "t2:")) {
      RedisMaterialiser.run(night(lead("L1", 0.5, null)), store);
      assertTrue(store.lead("L1").isPresent());
      own.stop();
      long start = System.nanoTime();
      assertThrows(RuntimeException.class, () -> store.lead("L1"));
      assertTrue((System.nanoTime() - start) / 1e6 < 1000);
      assertTrue(store.problem().contains("does not answer"), store.problem());
    }
  }
}
