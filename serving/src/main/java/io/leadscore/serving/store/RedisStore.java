package io.leadscore.serving.store;

import io.leadscore.serving.settings.ServingSettings;
import java.util.Optional;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/**
 * The fleet's store: one Redis that the nightly's materialise step fills ({@link RedisMaterialiser}); any number
 * of service instances read it. Keys: {@code <prefix>lead:<id>} holds {@link LeadCodec}'s JSON of the lead,
 * {@code <prefix>leads} the set of ids, {@code <prefix>meta:feature_date} the night.
 */
public final class RedisStore implements OnlineStore {
  private final JedisPooled redis;
  private final String prefix;
  private final String where;

  public RedisStore(ServingSettings s) {
    this(s.store().redis());
  }

  public RedisStore(ServingSettings.Redis r) {
    this(r.host(), r.port(), (int) r.timeout().toMillis(), r.prefix());
  }

  public RedisStore(String host, int port, int timeoutMillis, String prefix) {
    this.redis = new JedisPooled(new HostAndPort(host, port), DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(timeoutMillis).socketTimeoutMillis(timeoutMillis).build());
    this.prefix = prefix;
    this.where = "redis " + host + ":" + port;
  }

  JedisPooled client() {
    return redis;
  }

  String prefix() {
    return prefix;
  }

  @Override
  public Optional<StoredLead> lead(String leadId) {
    String json = redis.get(prefix + "lead:" + leadId);
    return json == null ? Optional.empty() : Optional.of(LeadCodec.decode(json));
  }

  @Override
  public java.util.Map<String, StoredLead> leads(java.util.Collection<String> ids) {
    java.util.List<String> list = java.util.List.copyOf(new java.util.LinkedHashSet<>(ids));
    java.util.Map<String, StoredLead> out = new java.util.HashMap<>();
    if (list.isEmpty()) {
      return out;
    }
    java.util.List<String> json = redis.mget(list.stream().map(id -> prefix + "lead:" + id).toArray(String[]::new));
    for (int i = 0; i < list.size(); i++) {
      if (json.get(i) != null) {
        out.put(list.get(i), LeadCodec.decode(json.get(i)));
      }
    }
    return out;
  }

  @Override
  public boolean remote() {
    return true;
  }

  @Override
  public String problem() {
    try {
      redis.ping();
      return redis.exists(prefix + "meta:feature_date") ? null
          : where + " holds no night yet: run the materialise step (leadscore materialise)";
    } catch (RuntimeException e) {
      // the exception's text names host and port only; Redis credentials are never in it
      return where + " does not answer (" + e.getClass().getSimpleName() + ")";
    }
  }

  @Override
  public String describe() {
    return where;
  }

  @Override
  public void close() {
    redis.close();
  }
}
