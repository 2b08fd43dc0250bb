package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Executes the data scientists' notebooks headless with {@code jupyter nbconvert --execute} (Debian's Python,
 * /usr/bin/python3), which fails on any failing cell, against a lakehouse and its configuration. The notebooks call
 * the CLI through a launcher script with the test JVM's classpath and Spark flags.
 */
final class NotebookRunner {
  static final Path NOTEBOOKS = Path.of("..", "notebooks").toAbsolutePath().normalize();

  private final Path dir;
  private final Path conf;
  private final Path launcher;

  /** {@code dir}: a scratch folder holding {@code lakehouse} (the configuration's storage root). */
  NotebookRunner(Path dir, Path conf) throws IOException {
    this.dir = dir;
    this.conf = conf;
    this.launcher = launcher(dir);
  }

  /** A `leadscore` command for the notebooks: this JVM's java, classpath and Spark's Java 17 flags. */
  private static Path launcher(Path dir) throws IOException {
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
   * compilations to pay back), with the code cache of a JVM with C2 (C1 alone reserves 48 MiB, which Spark fills:
   * see the pom's test.jvm.flags), and this JVM's spark.sql.* and spark.buffer.* settings (the pom's test settings).
   */
  static String testJvm() {
    StringBuilder b = new StringBuilder("-XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=240m -XX:+UseSerialGC "
        + "-XX:+UnlockDiagnosticVMOptions "
        + "-XX:-BytecodeVerificationRemote -XX:MetaspaceSize=256m ");
    System.getProperties().stringPropertyNames().stream()
        .filter(k -> k.startsWith("spark.sql.") || k.startsWith("spark.buffer.")).sorted()
        .forEach(k -> b.append("-D").append(k).append('=').append(System.getProperty(k)).append(' '));
    return b.toString().strip();
  }

  /** Executes a notebook into the scratch folder; returns the executed notebook's text outputs, joined. */
  String execute(String name) throws Exception {
    io.leadscore.core.ToolsInstall.await();
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
}
