package io.leadscore.cli;

import io.leadscore.core.LeadscoreException;
import io.leadscore.ingest.privacy.LeadIds;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leadscore erase --lead-id ID | --ids-file FILE [--reason TEXT]}. */
@Command(name = "erase", mixinStandardHelpOptions = true,
    description = "Erase leads from every table and file (VACUUM), clear their CRM score, record it in ops/erasures.")
final class EraseCommand extends Main.StageCommand {
  static final class Who {
    @Option(names = "--lead-id", paramLabel = "ID", description = "The lead to erase.")
    String leadId;

    @Option(names = "--ids-file", paramLabel = "FILE", description = "A file with one lead id per line.")
    Path idsFile;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Who who;

  @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "erasure request",
      description = "Why (recorded in ops/erasures; never put personal data here). Default: ${DEFAULT-VALUE}.")
  String reason;

  private List<String> ids;

  @Override
  public Integer call() {
    try {
      ids = who.leadId != null ? LeadIds.of(who.leadId) : LeadIds.fromFile(who.idsFile);
    } catch (LeadscoreException e) {
      spec.commandLine().getErr().println("leadscore erase: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 2;
    }
    return super.call();
  }

  @Override
  List<Stage> stages() {
    return List.of(PrivacyStages.erase(ids, reason));
  }
}
