package io.leadscore.cli;

import io.leadscore.cli.errors.CliErrors;
import io.leadscore.core.LeadscoreException;
import io.leadscore.ingest.privacy.LeadIds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code leadscore erase [ID...] [--lead-id ID]... [--ids-file FILE] [--reason TEXT]}: every id given, from the
 * arguments and the file together, in one erasure run (one lock, one VACUUM per table, one CRM clear).
 */
@Command(name = "erase",
    description = {"Erase leads from every table and file (VACUUM), clear their CRM score, record it in ops/erasures.",
        "All the ids given (arguments, --lead-id, --ids-file) are erased in one run."})
final class EraseCommand extends Main.StageCommand {
  @Parameters(arity = "0..*", paramLabel = "ID", description = "Lead ids to erase.")
  List<String> leadIds = new ArrayList<>();

  @Option(names = "--lead-id", paramLabel = "ID", description = "A lead to erase (repeatable; same as an ID argument).")
  List<String> leadIdOptions = new ArrayList<>();

  @Option(names = "--ids-file", paramLabel = "FILE",
      description = "A file with one lead id per line (# comments and blank lines are skipped).")
  Path idsFile;

  @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "erasure request",
      description = "Why (recorded in ops/erasures; never put personal data here). Default: ${DEFAULT-VALUE}.")
  String reason;

  private List<String> ids;

  @Override
  public Integer call() {
    try {
      ids = ids(leadIds, leadIdOptions, idsFile);
    } catch (LeadscoreException e) {
      spec.commandLine().getErr().println("leadscore erase: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return ExitCodes.CONFIG;
    }
    return super.call();
  }

  /** Every id once, in the order given: the arguments, then {@code --lead-id}s, then the file's. */
  static List<String> ids(List<String> arguments, List<String> options, Path file) {
    Set<String> all = new LinkedHashSet<>();
    for (String id : arguments) {
      all.addAll(LeadIds.of(id));
    }
    for (String id : options) {
      all.addAll(LeadIds.of(id));
    }
    if (file != null) {
      all.addAll(LeadIds.fromFile(file));
    }
    if (all.isEmpty()) {
      throw CliErrors.of("No lead to erase: give lead ids (leadscore erase ID...), --lead-id ID or --ids-file FILE");
    }
    return List.copyOf(all);
  }

  @Override
  List<Stage> stages() {
    return List.of(PrivacyStages.erase(ids, reason));
  }
}
