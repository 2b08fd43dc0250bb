package io.leadscore.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real MLflow 2.17.2 server of {@code ../shared/tools/mlflow-server} (found through
 * {@code leadscore.shared.dir}, default {@code ../../shared} from a module), started on a free loopback port
 * and stopped by the test, in either artifact mode: the artifact proxy ({@code mlflow-artifacts:} run URIs)
 * or {@code --default-artifact-root} (plain paths the client writes itself).
 */
final class RealMlflowServer implements AutoCloseable {
  static final Path TOOL = Path.of(System.getProperty("leadscore.shared.dir", "../../shared"), "tools", "mlflow-server");
  static final Path PYTHON = Path.of("/usr/bin/python3");

  private final Path dir;
  private final boolean plainArtifactRoot;
  private String uri;

  RealMlflowServer(Path dir, boolean plainArtifactRoot) {
    this.dir = dir;
    this.plainArtifactRoot = plainArtifactRoot;
  }

  /** Why the server cannot run here, or null when it can. */
  static String unavailable() {
    io.leadscore.core.ToolsInstall.await();
    if (!Files.isExecutable(TOOL.resolve("start"))) {
      return "no MLflow server tool at " + TOOL.toAbsolutePath() + " (set -Dleadscore.shared.dir)";
    }
    if (!Files.isExecutable(PYTHON)) {
      return PYTHON + " is absent: the MLflow server runs on Debian's python3 (.ci/run installs it)";
    }
    try {
      Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import xgboost").redirectErrorStream(true).start();
      if (!p.waitFor(1, TimeUnit.MINUTES) || p.exitValue() != 0) {
        return "python3-xgboost is not installed (apt-get install python3-xgboost; .ci/run installs it)";
      }
    } catch (IOException | InterruptedException e) {
      return "cannot run " + PYTHON + ": " + e.getMessage();
    }
    return null;
  }

  /** Starts (or restarts, on a new free port) the server on its database in {@code dir}; returns the URI. */
  String start() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(TOOL.resolve("start").toString(), dir.toString(),
        String.valueOf(freePort())));
    if (plainArtifactRoot) {
      cmd.add("--plain-artifact-root");
    }
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("MLflow server did not start (" + cmd + "): " + out + "; see " + dir.resolve("server.log"));
    }
    uri = out.lines().reduce((a, b) -> b).orElseThrow();
    return uri;
  }

  String uri() {
    return uri;
  }

  void stop() throws IOException, InterruptedException {
    Process p = new ProcessBuilder(TOOL.resolve("stop").toString(), dir.toString()).inheritIO().start();
    p.waitFor(1, TimeUnit.MINUTES);
    // wait until the port refuses connections, so "down" really is down
    for (int i = 0; i < 100 && uri != null; i++) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", java.net.URI.create(uri).getPort())) {
        Thread.sleep(100);
      } catch (IOException refused) {
        return;
      }
    }
  }

  /** Where the server's sources were unpacked (the start script's choice): Python MLflow for the client too. */
  static Path sources() {
    String tmp = System.getenv("TMPDIR");
    return Path.of(tmp == null || tmp.isBlank() ? "/tmp" : tmp, "mlflow-2.17.2-server-src");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    stop();
  }
}
