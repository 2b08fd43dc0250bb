package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The command line shows what applies: which command offers which option, labels, exit codes, help. No Spark. */
class CliOptionsTest {
  static final Set<String> STAGE_COMMANDS = Set.of("generate", "ingest", "features", "train", "score", "route", "monitor",
      "nightly", "purge", "erase");
  static final List<String> RUN_OPTIONS = List.of("--date", "--summary-json", "--quiet", "--allow-degraded");

  /** Every subcommand by its qualified name ("runs sync"), the root excluded. */
  static Map<String, CommandSpec> commands() {
    Map<String, CommandSpec> all = new LinkedHashMap<>();
    collect(new CommandLine(new Main()), "", all);
    return all;
  }

  private static void collect(CommandLine cl, String prefix, Map<String, CommandSpec> all) {
    cl.getSubcommands().forEach((name, sub) -> {
      all.put(prefix + name, sub.getCommandSpec());
      collect(sub, prefix + name + " ", all);
    });
  }

  @Test
  void runOptionsOnlyOnStageCommandsAndConfigurationOptionsEverywhere() {
    Map<String, CommandSpec> commands = commands();
    assertTrue(commands.keySet().containsAll(STAGE_COMMANDS), commands.keySet().toString());
    commands.forEach((name, spec) -> {
      assertNotNull(spec.findOption("--conf"), name + " lacks --conf");
      assertNotNull(spec.findOption("--set"), name + " lacks --set");
      for (String o : RUN_OPTIONS) {
        assertEquals(STAGE_COMMANDS.contains(name), spec.findOption(o) != null, name + " " + o);
      }
    });
    // the commands the issue named
    for (String name : List.of("sql", "runs", "tables", "rollback", "serve", "runs sync")) {
      assertNull(commands.get(name).findOption("--date"), name);
    }
  }

  @Test
  void onlyIngestAndNightlyTakeInput() {
    Set<String> with = new HashSet<>();
    commands().forEach((name, spec) -> {
      if (spec.findOption("--input") != null) {
        with.add(name);
      }
    });
    assertEquals(Set.of("ingest", "nightly"), with);
  }

  @Test
  void versionOnlyAtTheRoot() {
    assertNotNull(new CommandLine(new Main()).getCommandSpec().findOption("-V"));
    commands().forEach((name, spec) -> {
      assertNull(spec.findOption("-V"), name + " offers -V");
      assertNotNull(spec.findOption("--help"), name + " lacks --help");
    });
  }

  @Test
  void everyOptionHasALabelAndADescription() {
    List<String> bad = new ArrayList<>();
    commands().forEach((name, spec) -> {
      for (OptionSpec o : spec.options()) {
        if (o.description().length == 0 || String.join(" ", o.description()).isBlank()) {
          bad.add(name + " " + o.longestName() + ": no description");
        }
        if (o.arity().max() > 0 && !declaredLabel(o)) {
          bad.add(name + " " + o.longestName() + ": no paramLabel (picocli would show " + o.paramLabel() + ")");
        }
      }
      spec.positionalParameters().stream().filter(p -> p.description().length == 0)
          .forEach(p -> bad.add(name + " " + p.paramLabel() + ": no description"));
    });
    assertEquals(List.of(), bad);
    assertEquals("<rows>", commands().get("sql").findOption("--limit").paramLabel());
    assertEquals("<column>", commands().get("runs").findOption("--by").paramLabel());
  }

  private static boolean declaredLabel(OptionSpec o) {
    if (o.userObject() instanceof Field f) {
      CommandLine.Option a = f.getAnnotation(CommandLine.Option.class);
      return a != null && !a.paramLabel().isEmpty();
    }
    return false;
  }

  @Test
  void noCommandPrintsUsageToStderrAndExits2() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute();
    assertEquals(2, code);
    assertEquals("", out.toString());
    assertTrue(err.toString().contains("Usage: leadscore"), err.toString());
  }

  @Test
  void everyCommandListsItsExitCodesFromTheOneTable() throws Exception {
    Set<String> table = new HashSet<>();
    for (Field f : ExitCodes.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && !f.getName().equals("HEADING")) {
        f.setAccessible(true);
        table.add((String) f.get(null));
      }
    }
    Map<String, CommandSpec> all = commands();
    all.put("leadscore", new CommandLine(new Main()).getCommandSpec());
    all.forEach((name, spec) -> {
      Map<String, String> codes = spec.usageMessage().exitCodeList();
      assertTrue(codes.containsKey("0") && codes.containsKey("1"), name + " lists no exit codes: " + codes);
      codes.forEach((code, meaning) -> assertTrue(table.contains(code + ":" + meaning),
          name + ": exit code " + code + " is not from ExitCodes: " + meaning));
      StringWriter help = new StringWriter();
      new CommandLine(spec).usage(new PrintWriter(help));
      assertTrue(help.toString().contains("Exit codes:"), name + ": " + help);
    });
    assertEquals(Set.of("0", "1", "2", "3", "4"), all.get("erase").usageMessage().exitCodeList().keySet());
  }

  @Test
  void rootHelpGroupsEveryCommandOnce() {
    StringWriter out = new StringWriter();
    new CommandLine(new Main()).setOut(new PrintWriter(out)).execute("--help");
    String help = out.toString();
    for (String heading : List.of("Pipeline", "Models", "Privacy", "Inspect", "Serve")) {
      assertTrue(help.contains("\n" + heading), heading + " missing: " + help);
    }
    List<String> grouped = CommandGroups.GROUPS.values().stream().flatMap(List::stream).toList();
    Set<String> top = new CommandLine(new Main()).getSubcommands().keySet();
    assertEquals(top, Set.copyOf(grouped), "every command in a group");
    assertEquals(grouped.size(), Set.copyOf(grouped).size(), "each once");
    assertTrue(help.indexOf("nightly") < help.indexOf("Privacy") && help.indexOf("erase") > help.indexOf("Privacy"),
        help);
  }

  @Test
  void eraseTakesSeveralIdsAndAFileInOneRun(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("ids.txt"), "# request 7\nL3\n\nL1\nL4\n");
    CommandLine cl = new CommandLine(new Main());
    CommandLine.ParseResult r = cl.parseArgs("erase", "L1", "L2", "--lead-id", "L5", "--ids-file", file.toString());
    EraseCommand erase = (EraseCommand) r.subcommand().commandSpec().userObject();
    assertEquals(List.of("L1", "L2", "L5", "L3", "L4"),
        EraseCommand.ids(erase.leadIds, erase.leadIdOptions, erase.idsFile), "each id once, in one run");
    assertEquals(List.of("L9"), EraseCommand.ids(List.of("L9"), List.of(), null));
    assertThrows(io.leadscore.core.LeadscoreException.class, () -> EraseCommand.ids(List.of(), List.of(), null));
    assertThrows(io.leadscore.core.LeadscoreException.class,
        () -> EraseCommand.ids(List.of("L1,L2"), List.of(), null), "a pasted CSV line is not an id");
  }

  @Test
  void aMappingLackingACanonicalColumnExits2NamingItAndItsFeaturesBeforeSpark(@TempDir Path dir) throws Exception {
    String example = Files.readString(Path.of("../conf/sources/example-crm.conf"));
    String without = example.replaceAll("(?m)^\\s*employees \\{.*\\n", "");
    assertNotEquals(example, without);
    Path conf = Files.writeString(dir.resolve("crm.conf"), without + "\nleadscore.storage.root = \""
        + dir.resolve("lakehouse") + "\"\nleadscore.landing.dir = \"" + dir.resolve("landing") + "\"\n"
        + "leadscore.ingest.sources = [crm_leads, crm_accounts, crm_activities, crm_opportunities, crm_events, "
        + "crm_consent]\n");
    for (String command : List.of("features", "nightly")) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
          .execute(command, "--date", "2026-11-24", "--conf", conf.toString());
      assertEquals(2, code, command + ": " + out + err);
      assertTrue(err.toString().contains("accounts.employees (read by log_employees)"), err.toString());
      assertFalse(out.toString().contains("== "), "no stage ran: " + out);
    }
    assertFalse(Files.exists(dir.resolve("lakehouse")), "found before the lock or any stage");
  }

  @Test
  void anEnsembleRuleOnAnUnknownFeatureExits2NamingTheRuleBeforeSpark(@TempDir Path dir) throws Exception {
    Path conf = Files.writeString(dir.resolve("rules.conf"), "include \"" + Path.of("../conf/local.conf")
        .toAbsolutePath() + "\"\nleadscore.storage.root = \"" + dir.resolve("lakehouse") + "\"\n"
        + "leadscore.landing.dir = \"" + dir.resolve("landing") + "\"\n"
        + "leadscore.training.ensemble.rules = [{name = \"pricing_twice\", feature = \"pricing_visits\", "
        + "op = \">=\", value = 2}]\n");
    for (String command : List.of("train", "nightly")) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
          .execute(command, "--date", "2026-11-24", "--conf", conf.toString());
      assertEquals(2, code, command + ": " + out + err);
      assertTrue(err.toString().contains("'pricing_twice' reads feature 'pricing_visits'")
          && err.toString().contains("remove the rule"), err.toString());
      assertFalse(out.toString().contains("== "), "no stage ran: " + out);
    }
    assertFalse(Files.exists(dir.resolve("lakehouse")), "found before the lock or any stage");
  }
}
