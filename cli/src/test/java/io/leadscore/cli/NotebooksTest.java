package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.core.SparkTestSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The data scientists' notebooks run: a small generated lakehouse (two nightly runs 44 days apart, so the
 * first night's scores have a closed label horizon), then each notebook executed headless with
 * {@code jupyter nbconvert --execute} (Debian's Python, /usr/bin/python3), which fails on any failing cell.
 * The notebooks call the CLI through a launcher script with this JVM's classpath and Spark flags.
 */
class NotebooksTest {
  static final Path NOTEBOOKS = Path.of("..", "notebooks").toAbsolutePath().normalize();
  static final String FIRST = "2026-10-11";
  static final String SECOND = "2026-11-24";

  @TempDir
  static Path dir;
  static Path conf;
  static Path launcher;

  record Result(int code, String out, String err) {}

  static Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(new Main()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @BeforeAll
  static void twoNights() throws Exception {
    SparkTestSession.get();
    conf = dir.resolve("test.conf");
    Files.writeString(conf, String.join("\n",
        "leadscore.storage.root = \"" + dir.resolve("lakehouse") + "\"",
        "leadscore.landing.dir = \"" + dir.resolve("landing") + "\"",
        "leadscore.writeback.outbox_dir = \"" + dir.resolve("outbox") + "\"",
        "leadscore.spark { master = \"local[2]\", shuffle_partitions = 2 }",
        "leadscore.generator.leads = 1000",
        // 6 snapshots instead of 14; training snapshots sit on the calendar every cadence_days from the epoch: with
        // the first night as the epoch, it is one of the second night's snapshots (44 days later, past the 30-day
        // horizon), so its scores get realised outcomes
        "leadscore.snapshots.lookback_days = 84",
        "leadscore.snapshots.epoch = \"" + FIRST + "\"",
        "leadscore.generator.history_days = 180",
        // the notebooks read runs, features and scores, not the monitor's drift and report (NightlyTest checks those)
        "leadscore.monitor.enabled = false",
        // one grid point: the notebooks show runs, not a search
        "leadscore.training { folds = 2, num_round = 30, grid { max_depth = [3], min_child_weight = [1.0] } }"));
    Result first = cli("nightly", "--date", FIRST, "--conf", conf.toString());
    assertEquals(0, first.code(), first.out() + first.err());
    Result generate = cli("generate", "--date", SECOND, "--conf", conf.toString());
    assertEquals(0, generate.code(), generate.out() + generate.err());
    Result second = cli("nightly", "--date", SECOND, "--conf", conf.toString());
    assertEquals(0, second.code(), second.out() + second.err());
    launcher = launcher();
  }

  /** A `leadscore` command for the notebooks: this JVM's java, classpath and Spark's Java 17 flags. */
  static Path launcher() throws IOException {
    String flags = Files.readString(Path.of("target", "classes", "jvm-flags.txt")).strip();
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path tmp = Files.createDirectories(dir.resolve("jvm-tmp"));
    Path script = dir.resolve("leadscore");
    Files.writeString(script, "#!/bin/sh\nexport OMP_WAIT_POLICY=PASSIVE\nexec '" + Path.of(System.getProperty("java.home"),
        "bin", "java") + "' -Xmx1g " + testJvm() + " " + flags + " -Djava.io.tmpdir='" + tmp + "' -cp '" + cp
        + "' io.leadscore.cli.Main \"$@\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  /**
   * For the CLI's JVMs: C1 alone and the serial collector (each lives for one short command, too short for C2's
   * compilations to pay back) and this JVM's spark.sql.* and spark.buffer.* settings (the pom's test settings).
   */
  static String testJvm() {
    StringBuilder b = new StringBuilder("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC ");
    System.getProperties().stringPropertyNames().stream()
        .filter(k -> k.startsWith("spark.sql.") || k.startsWith("spark.buffer.")).sorted()
        .forEach(k -> b.append("-D").append(k).append('=').append(System.getProperty(k)).append(' '));
    return b.toString().strip();
  }

  /** Executes a notebook into the temp dir; returns the executed notebook's text outputs, joined. */
  static String execute(String name) throws Exception {
    Path out = Files.createDirectories(dir.resolve("executed"));
    List<String> cmd = List.of("/usr/bin/python3", "-m", "nbconvert", "--to", "notebook", "--execute",
        "--ExecutePreprocessor.timeout=300", "--output-dir", out.toString(), NOTEBOOKS.resolve(name).toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("LEADSCORE_HOME", NOTEBOOKS.getParent().toString());
    env.put("LEADSCORE_CMD", launcher.toString());
    env.put("LEADSCORE_CONF", conf.toString());
    env.put("LEADSCORE_STORAGE_ROOT", dir.resolve("lakehouse").toString());
    env.put("BATCH_DATE", "latest");
    env.put("MPLCONFIGDIR", Files.createDirectories(dir.resolve("mpl")).toString());
    env.put("JUPYTER_RUNTIME_DIR", Files.createDirectories(dir.resolve("jupyter-runtime")).toString());
    env.remove("MLFLOW_TRACKING_URI");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new AssertionError("Cannot start /usr/bin/python3: install Debian's jupyter-nbconvert python3-nbconvert "
          + "python3-ipykernel python3-pandas python3-matplotlib (.ci/run does)", e);
    }
    String log = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(10, TimeUnit.MINUTES), name + " did not finish");
    assertEquals(0, p.exitValue(), name + " failed (missing Jupyter? .ci/run installs it):\n" + log);
    JsonNode executed = new ObjectMapper().readTree(out.resolve(name).toFile());
    StringBuilder text = new StringBuilder();
    for (JsonNode cell : executed.get("cells")) {
      for (JsonNode o : cell.path("outputs")) {
        assertFalse("error".equals(o.path("output_type").asText()), name + ": a cell raised: " + o);
        o.path("text").forEach(t -> text.append(t.asText()));
        o.path("data").path("text/plain").forEach(t -> text.append(t.asText()));
      }
    }
    return text.toString();
  }

  @Test
  void compareRunsShowsBothNightsRunsAndTheirDecisions() throws Exception {
    String out = execute("01_compare_runs.ipynb");
    assertTrue(out.contains("2 recorded runs"), out);
    assertTrue(out.contains("  champion  promoted: "), "the first run is promoted, with its reason: " + out);
    assertTrue(out.contains("MLFLOW_TRACKING_URI is not set"), out);
  }

  @Test
  void featuresShowsTheTrainingSetAndTheLeakageReport() throws Exception {
    String out = execute("02_features.ipynb");
    assertTrue(out.matches("(?s).*\\d+ training rows over \\d+ snapshots, base rate 0\\.\\d+.*"), out);
    assertTrue(out.contains("leakage threshold 0.95: "), out);
    assertFalse(out.contains("no stored report"), out);
  }

  @Test
  void scoresShowTheLatestDateAndACalibrationForTheClosedHorizon() throws Exception {
    String out = execute("03_scores.ipynb");
    assertTrue(out.contains("leads scored on " + SECOND), out);
    assertFalse(out.contains("No score date has a closed horizon yet"), out);
    assertTrue(out.contains(FIRST), "the first night's scores are calibrated: " + out);
  }

  @Test
  void theIssuesCommandsOnTheNightlyLakehouse() throws Exception {
    String[] at = {"--conf", conf.toString()};
    Result table = cli("sql", "select tier, count(*) from lead_scores group by tier order by tier", at[0], at[1]);
    assertEquals(0, table.code(), table.err());
    List<String> lines = table.out().lines().toList();
    assertEquals("tier  count(1)", lines.get(0));
    assertTrue(lines.get(2).matches("[ABCD]     \\d+"), table.out());
    assertTrue(lines.get(lines.size() - 1).matches("\\([1-4] rows?\\)"), table.out());
    Path csv = dir.resolve("tiers.csv");
    Result written = cli("sql", "select tier, count(*) n from lead_scores group by tier order by tier", "--format", "csv",
        "--out", csv.toString(), at[0], at[1]);
    assertEquals(0, written.code(), written.err());
    assertEquals("tier,n", Files.readAllLines(csv).get(0));
    for (String write : List.of("insert into lead_scores select * from lead_scores", "delete from lead_scores")) {
      Result refused = cli("sql", write, at[0], at[1]);
      assertEquals(2, refused.code(), write);
      assertTrue(refused.err().startsWith("leadscore sql: Refused: the statement is a "), refused.err());
    }
  }

  @Test
  void committedNotebooksCarryNoOutputs() throws Exception {
    List<Path> notebooks = new ArrayList<>();
    try (Stream<Path> files = Files.list(NOTEBOOKS)) {
      files.filter(f -> f.toString().endsWith(".ipynb")).sorted().forEach(notebooks::add);
    }
    assertEquals(List.of("01_compare_runs.ipynb", "02_features.ipynb", "03_scores.ipynb"),
        notebooks.stream().map(f -> f.getFileName().toString()).toList());
    for (Path nb : notebooks) {
      for (JsonNode cell : new ObjectMapper().readTree(nb.toFile()).get("cells")) {
        assertTrue(cell.path("outputs").isMissingNode() || cell.path("outputs").isEmpty(), nb + " has outputs");
        assertTrue(cell.path("execution_count").isMissingNode() || cell.path("execution_count").isNull(), nb + " was run");
      }
    }
  }
}
