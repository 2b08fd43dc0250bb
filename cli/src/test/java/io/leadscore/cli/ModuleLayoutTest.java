package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout the README states, checked over the sources and poms of every module: modules follow the flow
 * (each may use only the ones before it), each module's code lives in its own package, the domain packages
 * (every package without a {@code spark} segment) stay free of the engine, and no class or record grows past
 * the house limits.
 */
class ModuleLayoutTest {
  /** The flow, in dependency order: a module may import only the modules before it. */
  static final List<String> FLOW = List.of("core", "ingest", "features", "models", "serving", "training", "scoring", "monitoring",
      "cli", "bench");
  /** Consumers of models: they use the models module, never the trainer (issue X). */
  static final List<String> MODEL_CONSUMERS = List.of("scoring", "monitoring");
  /**
   * The only classes of {@code models} that may touch Hadoop: the registry on other file systems (s3a) and the run
   * stores. A local registry and the scorer load none of them, so a Spark-free service needs no Hadoop.
   */
  static final Set<String> MODELS_HADOOP = Set.of("HadoopRegistryFiles.java", "LocalRunStore.java",
      "ArtifactStore.java");
  /**
   * The engine: Spark, Delta and XGBoost's Spark layer. Hadoop's FileSystem is storage I/O and allowed, and so is
   * Delta Kernel ({@code io.delta.kernel}), the plain-Java Delta reader that needs no Spark. Neither counts as the
   * engine either way: a class that only reads files through Hadoop (or Parquet's Hadoop reader) runs without a
   * SparkSession, so it is plain code and tested as such.
   */
  static final Pattern ENGINE = Pattern.compile("^import (static )?(org\\.apache\\.spark|io\\.delta\\.(?!kernel\\.)|"
      + "ml\\.dmlc\\.xgboost4j\\.scala)\\.", Pattern.MULTILINE);
  static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.leadscore\\.([a-z]+)\\.", Pattern.MULTILINE);
  static final Pattern RECORD = Pattern.compile("\\brecord\\s+(\\w+)\\s*(?:<[^>]*>)?\\s*\\(([^)]*)\\)");
  static final int MAX_LINES = 250;
  static final int MAX_COMPONENTS = 8;
  /**
   * A configuration read of a module: {@code getX("leadscore.section...")}, {@code hasPath(...)}, or a section
   * constant ({@code ROOT = "leadscore.section"}); group 1 is the section.
   */
  static final Pattern KEY_READ = Pattern.compile("(?:\\.(?:get(?!Logger)\\w*|hasPath)\\(|ROOT = )\"leadscore\\.([a-z_]+)");

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void everyModuleIsInTheFlowAndEveryFolderIsAModule() throws IOException {
    String parent = Files.readString(ROOT.resolve("pom.xml"));
    List<String> declared = new ArrayList<>();
    Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(parent);
    while (m.find()) {
      declared.add(m.group(1));
    }
    assertEquals(FLOW, declared, "the parent pom lists the modules in the order of the flow");
  }

  @Test
  void noModuleImportsALaterOne() {
    List<String> wrong = new ArrayList<>();
    for (String module : FLOW) {
      int rank = FLOW.indexOf(module);
      for (Path f : sources(module, "main")) {
        String text = read(f);
        Matcher m = IMPORT.matcher(text);
        while (m.find()) {
          int used = FLOW.indexOf(m.group(1));
          if (used > rank) {
            wrong.add(ROOT.relativize(f) + " imports io.leadscore." + m.group(1));
          }
        }
      }
    }
    assertEquals(List.of(), wrong, "a module uses only the modules before it: " + FLOW);
  }

  @Test
  void pomsDependOnlyOnEarlierModules() {
    List<String> wrong = new ArrayList<>();
    Pattern dep = Pattern.compile("<artifactId>leadscore-([a-z]+)</artifactId>(?:(?!</dependency>).)*</dependency>",
        Pattern.DOTALL);
    for (String module : FLOW) {
      String pom = read(ROOT.resolve(module).resolve("pom.xml"));
      Matcher m = dep.matcher(pom.substring(pom.indexOf("<dependencies>")));
      while (m.find()) {
        if (FLOW.indexOf(m.group(1)) >= FLOW.indexOf(module)) {
          wrong.add(module + " depends on leadscore-" + m.group(1));
        }
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void eachModulesCodeLivesInItsOwnPackage() {
    List<String> wrong = new ArrayList<>();
    for (String module : FLOW) {
      for (Path f : sources(module, "main")) {
        if (!read(f).contains("package io.leadscore." + module + ";")
            && !read(f).contains("package io.leadscore." + module + ".")) {
          wrong.add(ROOT.relativize(f).toString());
        }
      }
    }
    assertEquals(List.of(), wrong, "a class of module m is in package io.leadscore.m");
  }

  /**
   * The boundary holds both ways: the engine only in packages named spark (the cli and bench aside, which start it),
   * and only the engine's users in them, so that logic without Spark is found, and unit-tested, without a session.
   */
  @Test
  void theEngineLivesInSparkPackagesAndNothingElseDoes() {
    List<String> wrong = new ArrayList<>();
    for (String module : FLOW) {
      boolean domain = FLOW.indexOf(module) < FLOW.indexOf("cli");
      for (Path f : sources(module, "main")) {
        boolean enginePackage = f.toString().contains("/spark/");
        boolean engine = ENGINE.matcher(read(f)).find();
        if (domain && !enginePackage && engine) {
          wrong.add(ROOT.relativize(f) + " imports the engine outside a spark package");
        } else if (enginePackage && !engine) {
          wrong.add(ROOT.relativize(f) + " is in a spark package but imports no engine: move it to the plain package");
        }
      }
    }
    assertEquals(List.of(), wrong, "Spark, Delta and XGBoost-Spark only in packages named spark, and only "
        + "their users there");
  }

  /**
   * The scoring service starts in seconds with a small heap: no Spark anywhere in it (not even in a package named
   * spark), no Delta-Spark, no SparkSession, and no Spark in its pom; the cli's serve command likewise.
   */
  @Test
  void servingStartsNoSpark() {
    List<String> wrong = new ArrayList<>();
    List<Path> files = new ArrayList<>(sources("serving", "main"));
    files.add(ROOT.resolve("cli/src/main/java/io/leadscore/cli/ServeCommand.java"));
    for (Path f : files) {
      String text = read(f);
      // the cli's Context and Sparks are what start a session
      if (ENGINE.matcher(text).find() || text.contains("Sparks.") || text.contains("SparkSession.builder")
          || text.contains("new Context(") || text.contains(".spark.")) {
        wrong.add(ROOT.relativize(f).toString());
      }
    }
    // Spark only for tests (one test writes Delta tables for the plain-Java reader)
    Matcher dep = Pattern.compile("<dependency>((?:(?!</dependency>).)*)</dependency>", Pattern.DOTALL)
        .matcher(read(ROOT.resolve("serving/pom.xml")));
    while (dep.find()) {
      String d = dep.group(1);
      if ((d.contains("<artifactId>spark-") || d.contains("delta-spark")) && !d.contains("<scope>test</scope>")) {
        wrong.add("serving/pom.xml depends on Spark outside tests: " + d.trim());
      }
    }
    assertEquals(List.of(), wrong, "serving (and leadscore serve) must not need Spark");
  }

  @Test
  void modelsIsFreeOfTheEngineEverywhere() {
    List<String> wrong = new ArrayList<>();
    for (Path f : sources("models", "main")) {
      String text = read(f);
      if (f.toString().contains("/spark/") || ENGINE.matcher(text).find()) {
        wrong.add(ROOT.relativize(f) + " (engine)");
      }
      if (text.contains("import org.apache.hadoop.") && !MODELS_HADOOP.contains(f.getFileName().toString())) {
        wrong.add(ROOT.relativize(f) + " (Hadoop outside " + MODELS_HADOOP + ")");
      }
    }
    assertEquals(List.of(), wrong, "models imports no Spark, Delta or XGBoost-Spark (xgboost4j's plain Booster is "
        + "fine) and has no spark package; Hadoop only in " + MODELS_HADOOP);
  }

  @Test
  void modelConsumersDoNotDependOnTraining() {
    List<String> wrong = new ArrayList<>();
    for (String module : MODEL_CONSUMERS) {
      // tests too: a test that needs a model fits one with xgboost4j-spark (scoring's SmallModels) or saves a
      // booster (models' TestBoosters); a test of training and scoring together lives in the CLI
      for (String tree : List.of("main", "test")) {
        for (Path f : sources(module, tree)) {
          if (read(f).contains("io.leadscore.training.")) {
            wrong.add(ROOT.relativize(f) + " uses io.leadscore.training");
          }
        }
      }
      if (read(ROOT.resolve(module).resolve("pom.xml")).contains("<artifactId>leadscore-training</artifactId>")) {
        wrong.add(module + "/pom.xml depends on leadscore-training (in any scope)");
      }
    }
    assertEquals(List.of(), wrong, MODEL_CONSUMERS + " use the models module, not training");
  }

  @Test
  void noClassOverTheLineLimitAndNoLongPositionalRecord() {
    List<String> wrong = new ArrayList<>();
    for (String module : FLOW) {
      for (Path f : sources(module, "main")) {
        String text = read(f);
        long lines = text.lines().count();
        if (lines > MAX_LINES) {
          wrong.add(ROOT.relativize(f) + ": " + lines + " lines");
        }
        Matcher m = RECORD.matcher(text);
        while (m.find()) {
          String name = m.group(1);
          int components = m.group(2).isBlank() ? 0 : topLevelCommas(m.group(2)) + 1;
          if (components > MAX_COMPONENTS) {
            wrong.add(ROOT.relativize(f) + ": record " + name + " has " + components + " components");
          }
        }
      }
    }
    assertEquals(List.of(), wrong, "at most " + MAX_LINES + " lines a class and " + MAX_COMPONENTS
        + " components a record, settings too: use a builder or group the values in small records");
  }

  /**
   * A module with a {@code reference.conf} reads only the sections that file (and what it includes) declares: a value
   * another module owns reaches it through that module's settings class (e.g. training's leakage threshold through
   * the features module's {@code GoldSettings}), so each key has one owner, one reader and one validation.
   */
  @Test
  void eachModuleReadsOnlyTheKeysOfItsOwnReferenceConf() {
    List<String> wrong = new ArrayList<>();
    for (String module : FLOW) {
      Path resources = ROOT.resolve(module).resolve("src/main/resources");
      if (!Files.isRegularFile(resources.resolve("reference.conf"))) {
        continue; // cli and bench own no keys: they compose the modules' settings
      }
      String conf = read(resources.resolve("reference.conf"));
      Matcher inc = Pattern.compile("^include \"([^\"]+)\"", Pattern.MULTILINE).matcher(conf);
      StringBuilder all = new StringBuilder(conf);
      while (inc.find()) {
        all.append('\n').append(read(resources.resolve(inc.group(1))));
      }
      Set<String> own = new java.util.TreeSet<>();
      Matcher sec = Pattern.compile("^(?:  |leadscore\\.)([a-z_]+)\\s*[{=]", Pattern.MULTILINE).matcher(all);
      while (sec.find()) {
        own.add(sec.group(1));
      }
      for (Path f : sources(module, "main")) {
        Matcher m = KEY_READ.matcher(read(f));
        while (m.find()) {
          if (!own.contains(m.group(1))) {
            wrong.add(ROOT.relativize(f) + " reads leadscore." + m.group(1) + ", which " + module + " does not own "
                + own);
          }
        }
      }
    }
    assertEquals(List.of(), wrong, "read another module's keys through its settings class");
  }

  /**
   * Key column names, spelled as a string literal in main code: {@code Columns} owns them. Settings read HOCON keys
   * named after these columns ({@code columns.lead_id}), which are configuration, not column references.
   */
  static final Pattern COLUMN_LITERAL =
      Pattern.compile("(?<![\\\\\\w])\"(lead_id|as_of_date|score_date|rep_id|created_at|closed_at)\"");

  @Test
  void keyColumnNamesAreSpelledOnlyByColumns() {
    List<String> wrong = new ArrayList<>();
    for (String module : FLOW) {
      for (Path f : sources(module, "main")) {
        String name = f.getFileName().toString();
        boolean settings = name.endsWith("Settings.java") || name.equals("SourceMapping.java");
        if (name.equals("Columns.java") || settings) {
          continue;
        }
        List<String> lines = read(f).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i).strip();
          Matcher m = COLUMN_LITERAL.matcher(line);
          if (!line.startsWith("*") && !line.startsWith("//") && m.find()) {
            wrong.add(ROOT.relativize(f) + ":" + (i + 1) + " spells \"" + m.group(1) + "\"");
          }
        }
      }
    }
    assertEquals(List.of(), wrong, "use io.leadscore.core.Columns for these column names");
  }

  /**
   * Packages layer inside a module too: no cycle between them (a package and its {@code spark} subpackage are two),
   * so each can be read, and moved, with what is below it. A type both sides need goes to the lower package.
   */
  @Test
  void noPackageCycleInsideAModule() {
    List<String> wrong = new ArrayList<>();
    for (String module : FLOW) {
      PackageGraph g = PackageGraph.of(module, sources(module, "main"), ModuleLayoutTest::read);
      for (Set<String> cycle : g.cycles()) {
        wrong.add("cycle " + cycle + ": " + g.edgesWithin(cycle));
      }
    }
    assertEquals(List.of(), wrong, "move the type both packages need to the lower one (or an interface of it)");
  }

  /** A raw JDK exception where a typed one belongs: the module's errors name the bad value and the way out. */
  static final Pattern RAW_THROW = Pattern.compile("new Illegal(?:Argument|State)Exception\\(");

  /**
   * Bad input, configuration and failed operations raise the module's {@code LeadscoreException} (its errors
   * factory). A raw {@code IllegalArgumentException}/{@code IllegalStateException} is left only for a programming
   * error (an impossible state, a precondition of an internal call), marked by a {@code // guard: why} comment on
   * the line before the throw (or two lines before, above a {@code default ->}). The bench is a set of programs, not
   * the product: exempt.
   */
  @Test
  void rawIllegalArgumentAndStateExceptionsAreMarkedGuards() {
    List<String> wrong = new ArrayList<>();
    for (String module : FLOW) {
      if (module.equals("bench")) {
        continue;
      }
      for (Path f : sources(module, "main")) {
        List<String> lines = read(f).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
          if (RAW_THROW.matcher(lines.get(i)).find() && !guarded(lines, i)) {
            wrong.add(ROOT.relativize(f) + ":" + (i + 1));
          }
        }
      }
    }
    assertEquals(List.of(), wrong, "throw the module's errors (e.g. ScoringErrors.of, IngestErrors.mustBe), or mark "
        + "a true programming-error guard with a '// guard: why' comment on the line before");
  }

  static boolean guarded(List<String> lines, int at) {
    for (int i = Math.max(0, at - 2); i <= at; i++) {
      if (lines.get(i).contains("// guard:")) {
        return true;
      }
    }
    return false;
  }

  /** Commas outside generic brackets: {@code Map<String, Double> a, int b} has two components. */
  static int topLevelCommas(String s) {
    int depth = 0;
    int commas = 0;
    for (char c : s.toCharArray()) {
      if (c == '<') {
        depth++;
      } else if (c == '>') {
        depth--;
      } else if (c == ',' && depth == 0) {
        commas++;
      }
    }
    return commas;
  }

  static List<Path> sources(String module, String set) {
    Path dir = ROOT.resolve(module).resolve("src").resolve(set).resolve("java");
    assertTrue(Files.isDirectory(dir), "module folder " + dir);
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
