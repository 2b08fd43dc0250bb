package io.leadscore.cli;

import io.leadscore.core.LeadscoreException;
import io.leadscore.training.TrainingSettings;
import io.leadscore.models.registry.ModelCard;
import io.leadscore.models.registry.ModelRegistry;
import io.leadscore.models.tracking.RunRecorder;
import io.leadscore.models.tracking.TrackingException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code leadscore rollback}: makes the previous champion current again in the registry, and moves the
 * MLflow {@code champion} alias back when the restored version reached the tracking server.
 */
@Command(name = "rollback", exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.DONE, ExitCodes.NOT_DONE},
    description = "Make the previous champion model current again (local registry and MLflow alias).")
final class RollbackCommand implements Callable<Integer> {
  @Mixin
  HelpOption help;

  @Mixin
  ConfigOptions config;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    try {
      return rollback();
    } catch (LeadscoreException e) {
      spec.commandLine().getErr().println("leadscore rollback: " + e.getMessage());
      return 1;
    }
  }

  private int rollback() {
    Context ctx = new Context(CommonOptions.of(config));
    TrainingSettings s = TrainingSettings.from(ctx.config);
    ModelCard restored;
    restored = ModelRegistry.local(ctx.tables.modelsDir()).rollback();
    spec.commandLine().getOut().printf("rollback: champion is model v%d again (trained %s, holdout AUC %s)%n", restored.version(),
        restored.createdAt(), restored.metrics().get("holdout_auc"));
    RunRecorder recorder = ctx.runRecorder(s.mlflow());
    if (recorder.tracker().isEmpty()) {
      return 0;
    }
    try {
      // the aliases follow the registry's state now, which names the restored champion
      List<String> notes = recorder.syncAliases();
      notes.forEach(n -> spec.commandLine().getOut().println("rollback: " + n));
      recorder.mlflowVersion(restored.version()).ifPresent(v -> spec.commandLine().getOut()
          .printf("rollback: MLflow alias %s@champion -> version %s%n", s.mlflow().registeredModel(), v));
      return 0;
    } catch (TrackingException e) {
      spec.commandLine().getErr().println("leadscore rollback: the local registry is rolled back, but the MLflow alias was "
          + "not moved (`leadscore runs sync` moves it): " + e.getMessage());
      return 1;
    }
  }
}
