package io.leadscore.serving;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.leadscore.core.Loopback;
import io.leadscore.core.config.CoreSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * The typed, validated {@code leadscore.serving.*} keys (a settings record: more than 8 components). Any bad value
 * fails {@link #from} with a message naming the key, before the service listens (exit 2).
 */
public record ServingSettings(
    String storageRoot,
    String host,
    int port,
    int threads,
    int queue,
    Duration deadline,
    long maxBodyBytes,
    int maxLeads,
    Duration cacheTtl,
    int cacheMaxEntries,
    boolean apiKeysRequired,
    String apiKeysEnv,
    String apiKeysFile,
    double ratePerSecond,
    int rateBurst,
    String storeKind,
    Duration refreshInterval,
    String redisHost,
    int redisPort,
    Duration redisTimeout,
    String redisPrefix,
    Duration logFlushInterval,
    Duration drainTimeout,
    Duration registryPoll) {

  public static final Set<String> STORES = Set.of("embedded", "redis");
  private static final String P = "leadscore.serving.";

  public static ServingSettings from(Config c) {
    try {
      Config s = c.getConfig("leadscore.serving");
      ServingSettings out = new ServingSettings(
          CoreSettings.from(c).storageRoot(),
          s.getString("host"),
          range(s, "port", 0, 65535),
          range(s, "threads", 1, 1024),
          range(s, "queue", 1, 1_000_000),
          positive(s, "deadline"),
          s.getBytes("max_body_bytes"),
          range(s, "max_leads", 1, 100_000),
          positive(s, "cache.ttl"),
          range(s, "cache.max_entries", 0, 100_000_000),
          s.getBoolean("api_keys.required"),
          s.getString("api_keys.env"),
          s.getString("api_keys.file"),
          s.getDouble("rate_limit.per_second"),
          range(s, "rate_limit.burst", 1, 1_000_000),
          s.getString("store.kind").toLowerCase(Locale.ROOT),
          positive(s, "store.refresh_interval"),
          s.getString("redis.host"),
          range(s, "redis.port", 1, 65535),
          positive(s, "redis.timeout"),
          s.getString("redis.prefix"),
          positive(s, "prediction_log.flush_interval"),
          positive(s, "drain_timeout"),
          positive(s, "registry_poll"));
      out.check();
      return out;
    } catch (ConfigException e) {
      throw ServingErrors.config("Invalid serving configuration: %s", e.getMessage());
    }
  }

  private void check() {
    if (!STORES.contains(storeKind)) {
      throw ServingErrors.config("'%sstore.kind' is '%s'; use one of %s", P, storeKind, STORES);
    }
    if (registryPoll.toMillis() < 100) {
      throw ServingErrors.config("'%sregistry_poll' is %s; it must be at least 100ms (each poll reads the "
          + "registry's state file)", P, registryPoll);
    }
    if (maxBodyBytes < 1024) {
      throw ServingErrors.config("'%smax_body_bytes' is %d; it must be at least 1024", P, maxBodyBytes);
    }
    if (!(ratePerSecond > 0)) {
      throw ServingErrors.config("'%srate_limit.per_second' is %s; it must be > 0", P, ratePerSecond);
    }
    if (!apiKeysRequired && !Loopback.host(URI.create("http://" + host + "/"))) {
      throw ServingErrors.config("'%sapi_keys.required' is false but '%shost' is %s: without keys the service "
          + "may only listen on this machine (127.0.0.1); set API key digests (see docs/how-to/serving.md)", P, P, host);
    }
    if (!apiKeysFile.isEmpty() && !java.nio.file.Files.isRegularFile(Path.of(apiKeysFile))) {
      throw ServingErrors.config("'%sapi_keys.file' is %s, which is not a file", P, apiKeysFile);
    }
  }

  /** Where the prediction log's JSON-lines files go: under the lakehouse, read by the next nightly. */
  public Path predictionLogDir() {
    if (storageRoot.contains("://") && !storageRoot.startsWith("file:")) {
      throw ServingErrors.config("the prediction log is written on a local or mounted lakehouse; storage root %s "
          + "is remote (mount it, or run serve with a local leadscore.storage.root)", storageRoot);
    }
    return Path.of(io.leadscore.core.Tables.at(storageRoot.replaceFirst("^file:(//)?", "")).predictionLogDir());
  }

  private static int range(Config s, String key, int min, int max) {
    int v = s.getInt(key);
    if (v < min || v > max) {
      throw ServingErrors.config("'%s%s' is %d; it must be in %d..%d", P, key, v, min, max);
    }
    return v;
  }

  private static Duration positive(Config s, String key) {
    Duration d = s.getDuration(key);
    if (d.isNegative() || d.isZero()) {
      throw ServingErrors.config("'%s%s' is %s; it must be above zero", P, key, d);
    }
    return d;
  }
}
