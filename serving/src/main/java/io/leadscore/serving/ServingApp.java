package io.leadscore.serving;

import io.leadscore.serving.settings.ServingSettings;
import com.typesafe.config.Config;
import io.leadscore.core.Tables;
import io.leadscore.core.config.CoreSettings;
import io.leadscore.serving.guard.ApiKeys;
import io.leadscore.serving.guard.FieldRules;
import io.leadscore.serving.guard.RateLimiter;
import io.leadscore.serving.guard.ScoreCache;
import io.leadscore.serving.store.DeltaReader;
import io.leadscore.serving.store.EmbeddedStore;
import io.leadscore.serving.store.Lakehouse;
import io.leadscore.serving.store.LeadScore;
import io.leadscore.serving.store.OnlineStore;
import io.leadscore.serving.store.RedisStore;
import io.leadscore.serving.store.StoredLead;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code leadscore serve}, assembled: settings validated first (a bad one fails before anything listens), then the
 * store (embedded: the last night in memory, re-read when the tables move; redis: the shared store plus the
 * night's scores in memory as the fallback), the guard rails, the prediction log and the HTTP server.
 */
public final class ServingApp implements AutoCloseable {
  private final ServingServer server;
  private final OnlineStore store;
  private final ExecutorService lookups;
  private final ScheduledExecutorService refresher;
  private final Metrics metrics;

  private ServingApp(ServingServer server, OnlineStore store, ExecutorService lookups,
                     ScheduledExecutorService refresher, Metrics metrics) {
    this.server = server;
    this.store = store;
    this.lookups = lookups;
    this.refresher = refresher;
    this.metrics = metrics;
  }

  /** Validates, loads and starts listening; the scorer is the live model (or {@link LeadScorer#NONE}). */
  public static ServingApp start(Config config, Map<String, String> env, LeadScorer scorer) throws IOException {
    return start(config, env, (lakehouse, store, timer) -> scorer);
  }

  /**
   * As {@link #start(Config, Map, LeadScorer)} with the registry's live champion: loaded under {@code champion}'s
   * settings and kept current by a {@link RegistryWatcher} polling every {@code leadscore.serving.registry_poll}.
   */
  public static ServingApp start(Config config, Map<String, String> env, ChampionLoader.Settings champion)
      throws IOException {
    ServingSettings s = ServingSettings.from(config);
    long poll = s.timings().registryPoll().toMillis();
    // the night in memory (the embedded store's): its scores for the tier rule, its leads for a champion that must
    // re-rank them; waits for the store
    return start(config, env, (lakehouse, store, timer) -> RegistryWatcher.start(new ChampionLoader(champion,
        lakehouse, s.store().kind().equals("embedded") ? () -> store.get() instanceof EmbeddedStore e
        ? e.night() : null : null)).every(poll, timer).scorer());
  }

  /**
   * The scorer over the lakehouse and the store (a supplier that waits until the store is loaded), given the timer
   * its background checks may run on.
   */
  private interface Scorers {
    LeadScorer make(Lakehouse lakehouse, Supplier<OnlineStore> store, ScheduledExecutorService timer);
  }

  private static ServingApp start(Config config, Map<String, String> env, Scorers scorers) throws IOException {
    ServingSettings s = ServingSettings.from(config);
    ApiKeys keys = ApiKeys.from(s, env);
    FieldRules rules = FieldRules.from(config);
    java.nio.file.Path logDir = s.predictionLogDir();
    Lakehouse lakehouse = new Lakehouse(new DeltaReader(hadoop(config)), Tables.at(s.storageRoot()));
    Metrics metrics = new Metrics();
    ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(daemon("store-refresh"));
    OnlineStore store;
    Function<String, LeadScore> fallback;
    Supplier<LocalDate> date;
    // the champion (registry, booster, the night's tier cut-offs) loads on its own thread while the store reads
    // the night: on 2 cores a 1M-lead start takes the longer of the two, not their sum
    java.util.concurrent.CompletableFuture<OnlineStore> loaded = new java.util.concurrent.CompletableFuture<>();
    java.util.concurrent.CompletableFuture<LeadScorer> scoring = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> scorers.make(lakehouse, loaded::join, refresher), r -> daemon("champion-load").newThread(r).start());
    try {
      if (s.store().kind().equals("embedded")) {
        EmbeddedStore e = new EmbeddedStore(lakehouse);
        store = e;
        fallback = id -> e.lead(id).map(StoredLead::nightly).orElse(null);
        date = () -> e.night().featureDate();
        long every = s.store().refreshInterval().toMillis();
        refresher.scheduleWithFixedDelay(() -> refresh(e), every, every, TimeUnit.MILLISECONDS);
      } else {
        store = new RedisStore(s);
        Map<String, LeadScore> night = lakehouse.scores();
        fallback = night::get;
        LocalDate d = night.values().stream().map(LeadScore::scoreDate).findFirst().orElse(null);
        date = () -> d;
      }
      loaded.complete(store);
    } catch (RuntimeException e) {
      loaded.completeExceptionally(e);
      throw e;
    }
    LeadScorer scorer;
    try {
      scorer = scoring.join();
    } catch (java.util.concurrent.CompletionException e) {
      store.close();
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    ExecutorService lookups = Executors.newFixedThreadPool(s.http().threads() * 2, daemon("store-lookup"));
    ScoreService service = new ScoreService(new ServingParts(store, fallback, scorer, rules,
        new ScoreCache<>(s.cache().ttl(), s.cache().maxEntries(), System::nanoTime), lookups, metrics),
        s.http().deadline().toNanos(), Clock.systemUTC());
    PredictionLog log = new PredictionLog(logDir, s.timings().logFlushInterval(), metrics);
    ServingServer server = new ServingServer(s, service, keys,
        new RateLimiter(s.rateLimit().perSecond(), s.rateLimit().burst(), System::nanoTime), metrics, log,
        new Readiness(store, scorer, date, date.get() != null));
    server.start();
    return new ServingApp(server, store, lookups, refresher, metrics);
  }

  private static void refresh(EmbeddedStore e) {
    try {
      if (e.refresh()) {
        org.slf4j.LoggerFactory.getLogger(ServingApp.class).info("serve: loaded the night of {}",
            e.night().featureDate());
      }
    } catch (RuntimeException ex) {
      // the loaded night keeps answering; the next refresh tries again
      org.slf4j.LoggerFactory.getLogger(ServingApp.class).warn("serve: reloading the store failed: {}",
          ex.getMessage());
    }
  }

  /** The configured {@code spark.hadoop.*} keys (s3a settings) for the plain-Java Delta reader. */
  public static Configuration hadoop(Config config) {
    Configuration c = new Configuration();
    CoreSettings.from(config).sparkConf().forEach((k, v) -> {
      if (k.startsWith("spark.hadoop.")) {
        c.set(k.substring("spark.hadoop.".length()), v);
      }
    });
    return c;
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  public int port() {
    return server.port();
  }

  public Metrics metrics() {
    return metrics;
  }

  /** Graceful: drains requests, writes the prediction log's last batch, closes the store. */
  @Override
  public void close() {
    server.close();
    refresher.shutdownNow();
    lookups.shutdownNow();
    store.close();
  }
}
