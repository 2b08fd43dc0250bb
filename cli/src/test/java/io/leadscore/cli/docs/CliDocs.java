package io.leadscore.cli.docs;

import io.leadscore.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** {@code docs/reference/cli.md}: every command's help as picocli prints it (options, labels, exit codes). */
public final class CliDocs {
  static final int WIDTH = 110;

  private CliDocs() {}

  public static String markdown() {
    CommandLine root = new CommandLine(new Main());
    StringBuilder s = new StringBuilder("# Command line reference\n\n")
        .append("Generated from the picocli commands by `CliDocs` (cli tests): do not edit by hand; `DocsTest` fails ")
        .append("when it differs from the code.\n\n")
        .append("Every command takes the configuration options `--conf` and `--set`. The run options (`--date`, ")
        .append("`--summary-json`, `--quiet`, `--allow-degraded`) are on the commands that run stages; `--input` only ")
        .append("on `ingest` and `nightly`. Exit codes: [run status and exit codes](../concepts/run-status.md).\n\n");
    s.append(toc(root, "")).append('\n');
    append(s, root, "leadscore");
    return s.toString();
  }

  private static String toc(CommandLine cl, String indent) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
      String title = e.getValue().getCommandSpec().qualifiedName();
      b.append(indent).append("- [").append(title).append("](#").append(Links.anchor(title)).append(")\n");
      b.append(toc(e.getValue(), indent + "  "));
    }
    return b.toString();
  }

  private static void append(StringBuilder s, CommandLine cl, String title) {
    cl.setUsageHelpWidth(WIDTH);
    StringWriter help = new StringWriter();
    cl.usage(new PrintWriter(help), CommandLine.Help.Ansi.OFF);
    s.append("## ").append(title).append("\n\n```text\n").append(help.toString().stripTrailing()).append("\n```\n\n");
    cl.getSubcommands().forEach((name, sub) -> append(s, sub, sub.getCommandSpec().qualifiedName()));
  }
}
