package io.leadscore.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code leadscore <command>}: the one command line. Each subcommand runs one or more stages. */
@Command(name = "leadscore", mixinStandardHelpOptions = true, version = "leadscore 0.1.0",
    modelTransformer = CommandGroups.class,
    exitCodeListHeading = ExitCodes.HEADING, exitCodeList = {ExitCodes.C0, ExitCodes.C1, ExitCodes.C2,
        ExitCodes.C3, ExitCodes.C4},
    description = {"Nightly lead scoring: exports -> Delta -> features -> XGBoost -> scores -> CRM.",
        "`leadscore COMMAND --help` shows a command's options and exit codes."},
    subcommands = {Main.Generate.class, Main.Ingest.class, Main.Features.class, Main.Train.class, Main.Score.class,
        Main.Route.class, Main.Monitor.class, Main.Nightly.class, RunsCommand.class, RollbackCommand.class,
        EraseCommand.class, PurgeCommand.class, SqlCommand.class, TablesCommand.class, ServeCommand.class, MaterialiseCommand.class})
public final class Main implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  /** No command: a usage error (stderr, exit 2), so a script that forgot its command does not pass. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    spec.commandLine().getErr().flush();
    return ExitCodes.CONFIG;
  }

  public static void main(String[] args) {
    int code = new CommandLine(new Main()).execute(args);
    System.exit(code);
  }

  /** Base of the stage commands: parse options, run the stages, exit with the runner's code. */
  @Command(exitCodeListHeading = ExitCodes.HEADING, exitCodeList = {ExitCodes.C0, ExitCodes.C1, ExitCodes.C2,
      ExitCodes.C3, ExitCodes.C4})
  abstract static class StageCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Mixin
    ConfigOptions config;

    @Mixin
    RunOptions run;

    @Spec
    CommandSpec spec;

    abstract List<Stage> stages();

    /** {@code --input}: only ingest and nightly offer it. */
    InputOption input() {
      return null;
    }

    @Override
    public Integer call() {
      String name = getClass().getAnnotation(Command.class).name();
      return new Runner(spec.commandLine().getOut(), spec.commandLine().getErr())
          .run(name, CommonOptions.of(config, run, input()), stages());
    }
  }

  @Command(name = "generate",
      description = "Write synthetic CRM + analytics exports for the batch date into the landing folder: the first "
          + "delivery holds the history, later ones what happened since the previous delivery (--full: everything).")
  static final class Generate extends StageCommand {
    @picocli.CommandLine.Option(names = "--drift-from", paramLabel = "YYYY-MM-DD",
        description = "Leads created on or after this date drift (with --drift): known truth for the monitor.")
    java.time.LocalDate driftFrom;

    @picocli.CommandLine.Option(names = "--drift", paramLabel = "KIND",
        description = "traffic_mix (most new leads from cold outbound, more juniors) or conversion (new leads "
            + "convert regardless of intent).")
    String drift;

    @picocli.CommandLine.Option(names = "--full", description = "Write a full export (everything before the date) "
        + "instead of the daily export (what happened since the latest earlier delivery) that follows a first one.")
    boolean full;

    @Override
    List<Stage> stages() {
      return List.of(driftFrom == null && drift == null && !full ? Stages.GENERATE
          : new GenerateStage(driftFrom, drift, full));
    }
  }

  @Command(name = "ingest",
      description = "Landing -> bronze -> silver, with quarantine and reconciliation.")
  static final class Ingest extends StageCommand {
    @Mixin
    InputOption input;

    @Override
    InputOption input() {
      return input;
    }

    @Override
    List<Stage> stages() {
      return List.of(Stages.INGEST);
    }
  }

  @Command(name = "features",
      description = "Point-in-time feature snapshots and the labelled training set.")
  static final class Features extends StageCommand {
    @Override
    List<Stage> stages() {
      return List.of(Stages.FEATURES);
    }
  }

  @Command(name = "train",
      description = "XGBoost with lead-grouped CV and an out-of-time holdout; register and maybe promote.")
  static final class Train extends StageCommand {
    @Override
    List<Stage> stages() {
      return List.of(Stages.TRAIN);
    }
  }

  @Command(name = "score",
      description = "Score every open lead with the champion and deliver changed scores to the CRM.")
  static final class Score extends StageCommand {
    @Override
    List<Stage> stages() {
      return List.of(Stages.SCORE);
    }
  }

  @Command(name = "route",
      description = "Route the batch date's scored leads of the routed tiers without an active owner to reps "
          + "(weighted, capped round robin within the territory), record the decisions in `assignments` and deliver "
          + "the new owners to the CRM.")
  static final class Route extends StageCommand {
    @Override
    List<Stage> stages() {
      return List.of(Stages.ROUTE);
    }
  }

  @Command(name = "monitor",
      description = "Feature and score drift, realised performance, alerts and the HTML report for the batch date.")
  static final class Monitor extends StageCommand {
    @Override
    List<Stage> stages() {
      return List.of(Stages.MONITOR_ALWAYS);
    }
  }

  @Command(name = "nightly",
      description = "generate (if the landing folder is empty), ingest, purge, features, train, score, route, "
          + "materialise, monitor.")
  static final class Nightly extends StageCommand {
    @Mixin
    InputOption input;

    @Override
    InputOption input() {
      return input;
    }

    @Override
    List<Stage> stages() {
      return Stages.NIGHTLY;
    }
  }
}
