package io.leadscore.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Debian tools the real-component tests start (redis-server, chromium, Jupyter, the MLflow server's Python
 * packages) may still be installing when the build starts: on a fresh machine {@code .ci/run} installs them in the
 * background while Maven compiles and runs the first modules, which need none of them, and names in
 * {@value #STATUS_ENV} a file that receives the install's exit code when it ends. A test that starts such a tool
 * calls {@link #await} first. Without the variable (tools already there, or a build by hand) it returns at once.
 */
public final class ToolsInstall {
  public static final String STATUS_ENV = "LEADSCORE_TOOLS_INSTALL_STATUS";
  /** Longer than any install seen (about two minutes on two busy cores), short of CI's own limit. */
  private static final long TIMEOUT_MS = 20 * 60_000L;

  private ToolsInstall() {}

  /** Waits for the background install to end; fails, naming its log, if it failed or never ended. */
  public static void await() {
    String status = System.getenv(STATUS_ENV);
    if (status == null || status.isBlank()) {
      return;
    }
    await(Path.of(status), TIMEOUT_MS);
  }

  static void await(Path file, long timeoutMs) {
    long until = System.currentTimeMillis() + timeoutMs;
    try {
      while (!Files.exists(file)) {
        if (System.currentTimeMillis() > until) {
          throw new AssertionError("the tools install that .ci/run started has not ended after " + timeoutMs / 1000 + " s: see "
              + log(file));
        }
        Thread.sleep(500);
      }
      String code = Files.readString(file).trim();
      if (!code.equals("0")) {
        throw new AssertionError("the tools install that .ci/run started failed (exit " + code + "): see "
            + log(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the tools install", e);
    }
  }

  private static Path log(Path status) {
    return status.resolveSibling("tools-install.log");
  }
}
