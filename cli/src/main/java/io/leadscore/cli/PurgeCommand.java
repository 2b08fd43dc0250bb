package io.leadscore.cli;

import java.util.List;
import picocli.CommandLine.Command;

/** {@code leadscore purge}: the retention step of the nightly, on its own. */
@Command(name = "purge", 
    description = "Purge leads inactive for leadscore.retention.months and bronze older than bronze_retention_days "
        + "(files too: VACUUM).")
final class PurgeCommand extends Main.StageCommand {
  @Override
  List<Stage> stages() {
    return List.of(PrivacyStages.PURGE);
  }
}
