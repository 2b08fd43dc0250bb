package io.leadscore.cli;

import com.typesafe.config.Config;
import io.leadscore.core.LeadscoreException;
import io.leadscore.core.Tables;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.serving.settings.ServingSettings;
import io.leadscore.serving.store.DeltaReader;
import io.leadscore.serving.store.Lakehouse;
import io.leadscore.serving.store.RedisMaterialiser;
import io.leadscore.serving.store.RedisStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code leadscore materialise}: the nightly's step for the Redis store (run it after {@code score}): writes the
 * leads of the last night that changed and deletes those it no longer holds (closed, erased). Reads the gold
 * tables without Spark. With the embedded store there is nothing to do: each instance reads the lakehouse itself.
 */
@Command(name = "materialise", exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.MATERIALISED, ExitCodes.MATERIALISE_FAILED, ExitCodes.MATERIALISE_CONFIG},
    description = "Write the last night's changed leads (features, score, consent) to the Redis online store.")
final class MaterialiseCommand implements Callable<Integer> {
  @Mixin
  HelpOption help;

  @Mixin
  ConfigOptions options;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    ServingSettings s;
    Config config;
    try {
      config = LeadscoreConfig.load(options.conf, options.overrides);
      s = ServingSettings.from(config);
    } catch (LeadscoreException e) {
      spec.commandLine().getErr().println("leadscore materialise: " + e.getMessage());
      return ExitCodes.CONFIG;
    }
    if (!s.store().kind().equals("redis")) {
      spec.commandLine().getOut().println("materialise: leadscore.serving.store.kind is " + s.store().kind()
          + ": the service reads the lakehouse itself, nothing to write");
      return ExitCodes.OK;
    }
    try (RedisStore store = new RedisStore(s)) {
      Lakehouse.Night night = new Lakehouse(new DeltaReader(io.leadscore.serving.ServingApp.hadoop(config)), Tables.at(s.storageRoot())).load();
      RedisMaterialiser.Result r = RedisMaterialiser.run(night, store);
      spec.commandLine().getOut().printf("materialise: night %s to %s: %d written, %d unchanged, %d deleted%n",
          night.featureDate(), store.describe(), r.written(), r.unchanged(), r.deleted());
      return ExitCodes.OK;
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("leadscore materialise: " + e.getMessage());
      return ExitCodes.STAGE_FAILED;
    }
  }
}
