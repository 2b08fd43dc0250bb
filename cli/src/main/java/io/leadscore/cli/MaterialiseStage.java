package io.leadscore.cli;

import com.typesafe.config.Config;
import io.leadscore.core.Tables;
import io.leadscore.core.runs.JobSummary;
import io.leadscore.core.runs.Problem;
import io.leadscore.serving.ServingApp;
import io.leadscore.serving.store.DeltaReader;
import io.leadscore.serving.store.Lakehouse;
import io.leadscore.serving.store.RedisMaterialiser;
import io.leadscore.serving.settings.ServingSettings;
import io.leadscore.serving.store.RedisStore;

/**
 * The nightly's materialise stage (after score): the night's latest feature inputs of every open lead, with its
 * score and consent, for {@code leadscore serve}. With the Redis store it writes the leads whose stored value changed
 * and deletes those the night no longer holds ({@link RedisMaterialiser}); with the embedded store each service
 * instance reads the gold tables itself, so the stage only reads the night as the service will (Delta Kernel, no
 * Spark) and reports it. Reads only the store's keys, not the whole serving section: the batch machine need not
 * have the service's API-key file.
 */
final class MaterialiseStage implements Stage {
  /** The store settings this stage needs, read by the serving module from {@code leadscore.serving.store/redis}. */
  record Target(String kind, String host, int port, int timeoutMillis, String prefix) {
    static Target from(Config config) {
      ServingSettings.Store s = ServingSettings.Store.from(config);
      return new Target(s.kind(), s.redis().host(), s.redis().port(), (int) s.redis().timeout().toMillis(),
          s.redis().prefix());
    }

    String describe() {
      return kind.equals("redis") ? "redis " + host + ":" + port : "embedded";
    }
  }

  @Override
  public String name() {
    return "materialise";
  }

  @Override
  public void validate(Context ctx) {
    Target.from(ctx.config);
  }

  @Override
  public JobSummary run(Context ctx) {
    Target t = Target.from(ctx.config);
    Lakehouse.Night night = night(ctx.config, ctx.tables);
    JobSummary out = new JobSummary().put("online_store", t.describe()).put("online_leads", night.leads().size())
        .put("online_feature_date", night.featureDate() == null ? null : night.featureDate().toString());
    if (!t.kind().equals("redis")) {
      // nothing to write: each instance re-reads the tables when their versions move (store.refresh_interval)
      return out.put("materialised", 0);
    }
    // the configured time-out is the service's per-lookup budget (200 ms); a batch of 500 writes may take longer
    try (RedisStore store = new RedisStore(t.host(), t.port(), Math.max(t.timeoutMillis(), 2000), t.prefix())) {
      RedisMaterialiser.Result r = RedisMaterialiser.run(night, store);
      return out.put("materialised", r.written()).put("materialise_unchanged", r.unchanged())
          .put("materialise_deleted", r.deleted());
    } catch (RuntimeException e) {
      // the scores reached the CRM; the service answers yesterday's features until `leadscore materialise` runs
      return out.put("materialised", 0).problem(Problem.of(Problem.ONLINE_STORE_STALE, t.describe(),
          "the online store was not updated (" + Runner.rootMessage(e) + "); `leadscore serve` answers the previous "
          + "night's features and scores until it is: check the Redis (leadscore.serving.redis.*) and run "
          + "`leadscore materialise`"));
    }
  }

  /** The Spark-free loader the stage and {@code leadscore materialise} share. */
  static Lakehouse.Night night(Config config, Tables tables) {
    return new Lakehouse(new DeltaReader(ServingApp.hadoop(config)), tables).load();
  }
}
