package io.leadscore.cli;

import com.typesafe.config.Config;
import io.leadscore.core.LeadscoreException;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.core.Tables;
import io.leadscore.core.config.CoreSettings;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.scoring.ScoringSettings;
import io.leadscore.serving.ChampionLoader;
import io.leadscore.serving.ServingApp;
import io.leadscore.serving.settings.ServingSettings;
import io.leadscore.serving.guard.ApiKeys;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code leadscore serve}: the real-time scoring service (docs/how-to/serving.md). Starts no SparkSession: the store is
 * read with Delta Kernel or from Redis. Runs until SIGTERM/SIGINT, then drains in-flight requests and writes the
 * prediction log's last batch. Exit 2 when the configuration is invalid (before anything listens), 1 when the
 * service cannot start (no lakehouse, port taken).
 */
@Command(name = "serve", exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.SERVE_STOPPED, ExitCodes.SERVE_START, ExitCodes.SERVE_CONFIG},
    description = "Real-time scoring over HTTP/JSON (POST /v1/score, GET /v1/leads/{id}/score, /healthz, /readyz, "
        + "/metrics). No Spark.")
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--port", paramLabel = "PORT", description = "Port (default: leadscore.serving.port, 8080).")
  Integer port;

  @Mixin
  HelpOption help;

  @Mixin
  ConfigOptions options;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    Map<String, String> o = new LinkedHashMap<>(options.overrides);
    if (port != null) {
      o.put("leadscore.serving.port", port.toString());
    }
    Config config;
    ServingSettings settings;
    try {
      config = LeadscoreConfig.load(options.conf, o);
      settings = ServingSettings.from(config);
      ApiKeys.from(settings, System.getenv());
      champion(config);
    } catch (LeadscoreException e) {
      spec.commandLine().getErr().println("leadscore serve: " + e.getMessage());
      return ExitCodes.CONFIG;
    }
    ServingApp app;
    try {
      app = start(config, System.getenv());
    } catch (LeadscoreException | IOException e) {
      spec.commandLine().getErr().println("leadscore serve: cannot start: " + e.getMessage());
      return ExitCodes.STAGE_FAILED;
    }
    spec.commandLine().getOut().printf("serve: listening on http://%s:%d (store %s)%n", settings.http().host(),
        app.port(), settings.store().kind());
    spec.commandLine().getOut().flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      stopped.countDown();
    }, "serve-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ExitCodes.OK;
  }

  /** The service with the registry's live champion (what {@code serve} runs; tests start it in-process). */
  static ServingApp start(Config config, Map<String, String> env) throws IOException {
    return ServingApp.start(config, env, champion(config));
  }

  /**
   * The batch's own scoring settings (validated as {@code leadscore score} validates them): the same champion,
   * challenger share, out-of-fold routing, reasons and tier rule online as at night.
   */
  static ChampionLoader.Settings champion(Config config) {
    ScoringSettings s = ScoringSettings.from(config);
    return new ChampionLoader.Settings(Tables.at(CoreSettings.from(config).storageRoot()).modelsDir(),
        FeatureCatalog.standard(), s.reasons(), s.tiers(), s.challengerShare(), s.outOfFold());
  }
}
