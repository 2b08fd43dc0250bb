package io.leadscore.core;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolsInstallTest {
  @TempDir Path dir;

  @Test
  void aFinishedInstallLetsTheTestGoOn() throws Exception {
    Path status = Files.writeString(dir.resolve("tools-install.status"), "0\n");
    assertDoesNotThrow(() -> ToolsInstall.await(status, 1_000));
  }

  @Test
  void aFailedInstallFailsTheTestNamingItsLog() throws Exception {
    Path status = Files.writeString(dir.resolve("tools-install.status"), "100\n");
    AssertionError e = assertThrows(AssertionError.class, () -> ToolsInstall.await(status, 1_000));
    assertTrue(e.getMessage().contains("exit 100") && e.getMessage().contains(dir.resolve("tools-install.log")
        .toString()), e.getMessage());
  }

  @Test
  void anInstallThatNeverEndsFailsAfterTheTimeout() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> ToolsInstall.await(dir.resolve("tools-install.status"), 600));
    assertTrue(e.getMessage().contains("has not ended"), e.getMessage());
  }

  @Test
  void anInstallThatEndsWhileWaitingLetsTheTestGoOn() throws Exception {
    Path status = dir.resolve("tools-install.status");
    Thread writer = new Thread(() -> {
      try {
        Thread.sleep(700);
        Files.writeString(status, "0\n");
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    writer.start();
    assertDoesNotThrow(() -> ToolsInstall.await(status, 10_000));
    writer.join();
  }
}
