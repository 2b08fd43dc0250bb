package io.leadscore.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The root help's command list in groups (a newcomer looks for "what runs the pipeline" before "what inspects
 * it"): installed on the root command as a picocli model transformer, so every {@code new CommandLine(new Main())}
 * shows it.
 */
public final class CommandGroups implements CommandLine.IModelTransformer {
  /** Group heading -> its commands, in the order the root help lists them. */
  static final Map<String, List<String>> GROUPS = groups();

  private static Map<String, List<String>> groups() {
    Map<String, List<String>> g = new LinkedHashMap<>();
    g.put("Pipeline (the nightly and its stages)", List.of("nightly", "generate", "ingest", "features", "train",
        "score", "route", "materialise", "monitor"));
    g.put("Models", List.of("runs", "rollback"));
    g.put("Privacy", List.of("erase", "purge"));
    g.put("Inspect", List.of("tables", "sql"));
    g.put("Serve", List.of("serve"));
    return g;
  }

  @Override
  public CommandSpec transform(CommandSpec spec) {
    Map<String, CommandLine.IHelpSectionRenderer> sections = new LinkedHashMap<>(spec.usageMessage().sectionMap());
    sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING, help -> "");
    sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, CommandGroups::render);
    spec.usageMessage().sectionMap(sections);
    return spec;
  }

  static String render(Help help) {
    StringBuilder b = new StringBuilder();
    Map<String, Help> all = help.subcommands();
    GROUPS.forEach((heading, names) -> {
      Map<String, Help> group = new LinkedHashMap<>();
      names.stream().filter(all::containsKey).forEach(n -> group.put(n, all.get(n)));
      if (!group.isEmpty()) {
        b.append(String.format("%n%s:%n", heading)).append(help.commandList(group));
      }
    });
    return b.toString();
  }
}
