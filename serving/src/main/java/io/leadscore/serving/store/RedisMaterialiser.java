package io.leadscore.serving.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.AbstractPipeline;

/**
 * The nightly's materialise step for the Redis store: writes the leads of the last night whose stored JSON
 * changed, deletes the leads the night no longer holds (closed, opted out of the tables, erased), then sets the
 * night's date. Reads the gold tables without Spark ({@link Lakehouse}); idempotent: a second run writes nothing.
 */
public final class RedisMaterialiser {
  /** Counts of one run. */
  public record Result(int written, int unchanged, int deleted) {}

  private static final int BATCH = 500;

  private RedisMaterialiser() {}

  public static Result run(Lakehouse.Night night, RedisStore store) {
    var redis = store.client();
    String p = store.prefix();
    List<StoredLead> leads = new ArrayList<>(night.leads().values());
    int written = 0;
    int unchanged = 0;
    for (int from = 0; from < leads.size(); from += BATCH) {
      List<StoredLead> chunk = leads.subList(from, Math.min(leads.size(), from + BATCH));
      String[] keys = chunk.stream().map(l -> p + "lead:" + l.leadId()).toArray(String[]::new);
      List<String> old = redis.mget(keys);
      try (AbstractPipeline pipe = redis.pipelined()) {
        for (int i = 0; i < chunk.size(); i++) {
          String json = LeadCodec.encode(chunk.get(i));
          if (json.equals(old.get(i))) {
            unchanged++;
          } else {
            pipe.set(keys[i], json);
            pipe.sadd(p + "leads", chunk.get(i).leadId());
            written++;
          }
        }
        pipe.sync();
      }
    }
    Set<String> gone = new HashSet<>(redis.smembers(p + "leads"));
    gone.removeAll(night.leads().keySet());
    try (AbstractPipeline pipe = redis.pipelined()) {
      for (String id : gone) {
        pipe.del(p + "lead:" + id);
        pipe.srem(p + "leads", id);
      }
      if (night.featureDate() != null) {
        pipe.set(p + "meta:feature_date", night.featureDate().toString());
      }
      pipe.sync();
    }
    return new Result(written, unchanged, gone.size());
  }

  /** For tests: the stored leads by id. */
  static Map<String, String> dump(RedisStore store) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (String id : store.client().smembers(store.prefix() + "leads")) {
      out.put(id, store.client().get(store.prefix() + "lead:" + id));
    }
    return out;
  }
}
