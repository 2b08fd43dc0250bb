package io.leadscore.cli;

import picocli.CommandLine.Option;

/** {@code -h/--help} of a subcommand: the version option ({@code -V}) is the root's only. */
final class HelpOption {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;
}
