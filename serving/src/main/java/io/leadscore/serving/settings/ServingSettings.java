package io.leadscore.serving.settings;

import io.leadscore.serving.errors.ServingErrors;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.leadscore.core.Loopback;
import io.leadscore.core.config.CoreSettings;
import io.leadscore.core.config.SettingsReader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * The typed, validated {@code leadscore.serving.*} keys, one small record per concern. Each key is read once and
 * checked as it is read: a bad value fails {@link #from} with a message naming the key, before the service listens
 * (exit 2).
 *
 * @param storageRoot the lakehouse (the core's {@code leadscore.storage.root}) the store and the prediction log use
 * @param timings     how often the service looks again, and how long it waits when it stops
 */
public record ServingSettings(String storageRoot, Http http, Cache cache, ApiKeys apiKeys, RateLimit rateLimit,
                              Store store, Timings timings) {

  public static final Set<String> STORES = Set.of("embedded", "redis");
  public static final String ROOT = "leadscore.serving";
  /** Named again by the check that a service without keys listens on this machine only. */
  private static final String HOST = "host";
  private static final String API_KEYS = "api_keys";
  private static final String REQUIRED = "required";

  /** The HTTP listener: address, worker threads and queue, the request deadline and the request's size limits. */
  public record Http(String host, int port, int threads, int queue, Duration deadline, long maxBodyBytes,
                     int maxLeads) {}

  /** The score cache: how long an answer lives and how many are kept (0 = no cache). */
  public record Cache(Duration ttl, int maxEntries) {}

  /**
   * The API keys: whether a key is required, and where the key digests come from (an environment variable, a file).
   */
  public record ApiKeys(boolean required, String env, String file) {}

  /** The per-key rate limit: a token bucket refilled at {@code perSecond}, holding at most {@code burst}. */
  public record RateLimit(double perSecond, int burst) {}

  /** The online store: {@code embedded} (the gold tables, re-read every {@code refreshInterval}) or {@code redis}. */
  public record Store(String kind, Duration refreshInterval, Redis redis) {
    /**
     * The store keys alone, for the nightly's materialise stage: the batch machine need not have the service's
     * API-key file, so the rest of the section is not read.
     */
    public static Store from(Config c) {
      try {
        return read(reader(c));
      } catch (ConfigException e) {
        throw ServingErrors.config("Invalid serving configuration: %s", e.getMessage());
      }
    }

    static Store read(SettingsReader s) {
      SettingsReader r = s.at("redis");
      return new Store(s.at("store").string("kind", k -> k.toLowerCase(Locale.ROOT), STORES::contains,
          "one of " + STORES), positive(s.at("store"), "refresh_interval"),
          new Redis(r.string("host"), range(r, "port", 1, 65535), positive(r, "timeout"), r.string("prefix")));
    }
  }

  /** The Redis online store's address, its command timeout and its key prefix. */
  public record Redis(String host, int port, Duration timeout, String prefix) {}

  /**
   * @param logFlushInterval how often the prediction log is flushed to its file
   * @param drainTimeout     how long a stopping service lets requests in flight finish
   * @param registryPoll     how often the model registry is read for a new champion
   */
  public record Timings(Duration logFlushInterval, Duration drainTimeout, Duration registryPoll) {}

  public static ServingSettings from(Config c) {
    try {
      SettingsReader s = reader(c);
      ServingSettings out = new ServingSettings(
          CoreSettings.from(c).storageRoot(),
          new Http(s.string(HOST), range(s, "port", 0, 65535), range(s, "threads", 1, 1024),
              range(s, "queue", 1, 1_000_000), positive(s, "deadline"),
              s.bytes("max_body_bytes", v -> v >= 1024, "at least 1024"), range(s, "max_leads", 1, 100_000)),
          new Cache(positive(s.at("cache"), "ttl"), range(s.at("cache"), "max_entries", 0, 100_000_000)),
          apiKeys(s.at(API_KEYS)),
          new RateLimit(s.at("rate_limit").number("per_second", v -> v > 0, "> 0"),
              range(s.at("rate_limit"), "burst", 1, 1_000_000)),
          Store.read(s),
          new Timings(positive(s.at("prediction_log"), "flush_interval"), positive(s, "drain_timeout"),
              s.duration("registry_poll", d -> d.toMillis() >= 100,
                  "at least 100ms (each poll reads the registry's state file)")));
      if (!out.apiKeys.required() && !Loopback.host(URI.create("http://" + out.http.host() + "/"))) {
        throw ServingErrors.config("'%s' is false but '%s' is %s: without keys the service may only listen on this "
            + "machine (127.0.0.1); set API key digests (see docs/how-to/serving.md)", s.at(API_KEYS).key(REQUIRED),
            s.key(HOST), out.http.host());
      }
      return out;
    } catch (ConfigException e) {
      throw ServingErrors.config("Invalid serving configuration: %s", e.getMessage());
    }
  }

  private static ApiKeys apiKeys(SettingsReader k) {
    return new ApiKeys(k.flag(REQUIRED), k.string("env"), k.string("file", f -> f,
        f -> f.isEmpty() || java.nio.file.Files.isRegularFile(Path.of(f)), "a file (or empty)"));
  }

  /** Where the prediction log's JSON-lines files go: under the lakehouse, read by the next nightly. */
  public Path predictionLogDir() {
    if (storageRoot.contains("://") && !storageRoot.startsWith("file:")) {
      throw ServingErrors.config("the prediction log is written on a local or mounted lakehouse; storage root %s "
          + "is remote (mount it, or run serve with a local leadscore.storage.root)", storageRoot);
    }
    return Path.of(io.leadscore.core.Tables.at(storageRoot.replaceFirst("^file:(//)?", "")).predictionLogDir());
  }

  private static SettingsReader reader(Config c) {
    return SettingsReader.of(c, ROOT, (key, value, rule) -> ServingErrors.config("'%s' is %s; it must be %s", key,
        value, rule));
  }

  private static int range(SettingsReader s, String key, int min, int max) {
    return s.integer(key, v -> v >= min && v <= max, "in " + min + ".." + max);
  }

  private static Duration positive(SettingsReader s, String key) {
    return s.positiveDuration(key);
  }
}
