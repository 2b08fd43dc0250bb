package io.leadscore.cli;

import io.leadscore.cli.errors.UsageException;
import io.leadscore.core.LeadscoreException;
import io.leadscore.training.TrainingSettings;
import io.leadscore.models.tracking.RunRecord;
import io.leadscore.models.tracking.RunRecorder;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leadscore runs}: the recorded training runs as one table of metrics, best first; {@code runs sync}. */
@Command(name = "runs", exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.READ_OK, ExitCodes.READ_FAILED, ExitCodes.READ_USAGE}, subcommands = RunsCommand.Sync.class,
    description = "List and compare recorded training runs (best first by --by); `runs sync` delivers unsynced "
        + "runs to the MLflow tracking server.")
final class RunsCommand implements Callable<Integer> {
  @Mixin
  HelpOption help;

  @Mixin
  ConfigOptions config;

  @Spec
  CommandSpec spec;

  @Option(names = "--by", paramLabel = "<column>", description = "Metric to rank by (default: ${DEFAULT-VALUE}), e.g. holdout_auc.")
  String by = "cv_auc";

  @Option(names = "--limit", paramLabel = "<rows>", description = "Show at most this many runs (default: ${DEFAULT-VALUE}).")
  int limit = 20;

  @Option(names = "--format", paramLabel = "table|csv|json", description = "Output format (default: ${DEFAULT-VALUE}).")
  String format = "table";

  @Option(names = "--json", description = "Same as --format json (for notebooks and scripts).")
  boolean json;

  @Parameters(arity = "0..*", paramLabel = "RUN", description = "Only these runs (id prefixes).")
  List<String> only = List.of();

  @Override
  public Integer call() {
    try {
      return list();
    } catch (UsageException e) {
      spec.commandLine().getErr().println("leadscore runs: " + e.getMessage());
      return 2;
    } catch (LeadscoreException e) {
      spec.commandLine().getErr().println("leadscore runs: " + e.getMessage());
      return 1;
    }
  }

  private int list() {
    Context ctx = new Context(CommonOptions.of(config));
    TrainingSettings s = TrainingSettings.from(ctx.config);
    RunRecorder recorder = ctx.runRecorder(s.mlflow());
    List<RunRecorder.StoredRun> runs = recorder.list().stream()
        .filter(r -> only.isEmpty() || only.stream().anyMatch(p -> r.run().id().startsWith(p)))
        .sorted(Comparator.comparingDouble((RunRecorder.StoredRun r) -> rank(r.run())).reversed())
        .limit(limit).toList();
    ResultWriter.Format f = json ? ResultWriter.Format.JSON : ResultWriter.Format.parse(format);
    if (f != ResultWriter.Format.TABLE) {
      RunsExport.write(runs, recorder.dir(), f, spec.commandLine().getOut());
      return 0;
    }
    if (runs.isEmpty()) {
      spec.commandLine().getOut().println("No recorded runs under " + recorder.dir() + ": run `leadscore train` first");
      return 0;
    }
    spec.commandLine().getOut().println(table(runs, by, recorder.currentAliases()));
    return 0;
  }

  private double rank(RunRecord r) {
    double v = r.metric(by);
    return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
  }

  /**
   * One line per run: the local model version beside the MLflow version it became and the alias it holds
   * now (from the local registry, which MLflow's aliases mirror after a sync), so the two numberings never
   * need guessing.
   */
  static String table(List<RunRecorder.StoredRun> runs, String by, Map<String, Integer> aliases) {
    Map<Integer, String> aliasOf = new HashMap<>();
    aliases.forEach((alias, v) -> aliasOf.merge(v, alias, (a, b) -> a + "," + b));
    String format = "%-8s  %-20s  %-5s  %-6s  %-10s  %-15s  %-15s  %-7s  %-7s  %-5s  %-10s  %s%n";
    StringBuilder b = new StringBuilder(String.format(format, "run", "finished (UTC)", "model", "mlflow", "alias",
        "cv_auc", "holdout_auc", "pr_auc", "p@20", "lift", "decision", "mlflow run"));
    for (RunRecorder.StoredRun s : runs) {
      RunRecord r = s.run();
      int local = r.model() == null ? 0 : r.model().localVersion();
      b.append(String.format(format,
          r.id().substring(0, Math.min(8, r.id().length())),
          Instant.ofEpochMilli(r.endTimeMs()).toString().substring(0, 19),
          r.model() == null ? "" : "v" + local,
          s.synced() && s.delivered().modelVersion() != null ? s.delivered().modelVersion() : "-",
          aliasOf.getOrDefault(local, ""),
          String.format("%.4f±%.4f", r.metric("cv_auc"), r.metric("cv_auc_std")),
          f(r.metric("holdout_auc")) + (r.tags().containsKey("holdout") && r.tags().get("holdout").startsWith("lead")
              ? " (hash)" : ""),
          f(r.metric("holdout_pr_auc")), f(metric(r, "precision_at_20", "holdout_precision_at_top")),
          String.format("%.2f", metric(r, "lift_at_20", "holdout_lift_at_top")),
          r.tags().getOrDefault("decision", r.metric("promoted") == 1.0 ? "champion" : "challenger"),
          s.synced() ? s.delivered().runId() : "local only"));
    }
    b.append("ranked by ").append(by).append(", best first; model = local registry version, mlflow = its MLflow "
        + "version, alias = now");
    return b.toString();
  }

  /** A metric by its name, or by its name in records written before metric names matched the summary. */
  private static double metric(RunRecord r, String key, String olderKey) {
    double v = r.metric(key);
    return Double.isNaN(v) ? r.metric(olderKey) : v;
  }

  private static String f(double v) {
    return Double.isNaN(v) ? "n/a" : String.format("%.4f", v);
  }

  /** {@code leadscore runs sync}: replays every unsynced run into the tracking server, once each. */
  @Command(name = "sync", exitCodeListHeading = ExitCodes.HEADING,
      exitCodeList = {ExitCodes.DONE, ExitCodes.NOT_DONE},
      description = "Deliver recorded runs that have not reached the MLflow tracking server yet (once each).")
  static final class Sync implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      try {
        Context ctx = new Context(CommonOptions.of(config));
        TrainingSettings s = TrainingSettings.from(ctx.config);
        RunRecorder.SyncResult r = ctx.runRecorder(s.mlflow()).sync();
        r.messages().forEach(spec.commandLine().getOut()::println);
        spec.commandLine().getOut().printf("runs sync: %d delivered, %d failed, %d already synced%n", r.delivered(), r.failed(),
            r.alreadySynced());
        return r.failed() == 0 ? 0 : 1;
      } catch (LeadscoreException e) { // TrackingException among them
        spec.commandLine().getErr().println("leadscore runs sync: " + e.getMessage());
        return 1;
      }
    }
  }
}
