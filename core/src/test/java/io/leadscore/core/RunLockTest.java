package io.leadscore.core;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One run per storage root: a second is refused naming the holder; a stale lock is taken over, with a warning. */
class RunLockTest {
  @Test
  void aSecondRunIsRefusedUntilTheFirstReleases(@TempDir Path dir) throws Exception {
    Tables tables = Tables.at(dir.toString());
    List<String> warnings = new ArrayList<>();
    try (RunLock first = RunLock.acquire(tables, "nightly", "2026-11-24", Duration.ofHours(12),
        new Configuration(), warnings::add)) {
      RunLock.Held held = assertThrows(RunLock.Held.class, () -> RunLock.acquire(tables, "score", "2026-11-24",
          Duration.ofHours(12), new Configuration(), warnings::add));
      assertTrue(held.getMessage().contains("pid " + ProcessHandle.current().pid()), held.getMessage());
      assertTrue(held.getMessage().contains("command 'nightly'"), held.getMessage());
      assertTrue(Files.exists(Path.of(first.path())));
    }
    assertFalse(Files.exists(Path.of(RunLock.location(tables))), "released");
    assertEquals(List.of(), warnings);
  }

  @Test
  void aLockIsStaleWhenItsProcessIsGoneOrItIsTooOld() throws Exception {
    String host = java.net.InetAddress.getLocalHost().getHostName();
    Duration day = Duration.ofDays(1);
    String now = Instant.now().toString();
    assertNull(RunLock.staleReason(Map.of("host", host, "pid", ProcessHandle.current().pid(), "started_at", now), day));
    assertNull(RunLock.staleReason(Map.of("host", "elsewhere", "pid", Long.MAX_VALUE, "started_at", now), day),
        "a process on another host cannot be checked: only age makes it stale");
    assertTrue(RunLock.staleReason(Map.of("host", host, "pid", Long.MAX_VALUE, "started_at", now), day)
        .contains("is gone"));
    String old = Instant.now().minus(Duration.ofDays(2)).toString();
    assertTrue(RunLock.staleReason(Map.of("host", "elsewhere", "pid", 1, "started_at", old), day)
        .contains("stale_after"));
  }

  @Test
  void aStaleLockIsTakenOverWithAWarning(@TempDir Path dir) throws Exception {
    Tables tables = Tables.at(dir.toString());
    Path lock = Path.of(RunLock.location(tables));
    Files.createDirectories(lock.getParent());
    Files.writeString(lock, "{\"host\":\"elsewhere\",\"pid\":1,\"command\":\"nightly\",\"batch_date\":\"2026-11-23\","
        + "\"started_at\":\"2026-11-23T01:00:00Z\"}");
    List<String> warnings = new ArrayList<>();
    try (RunLock lockNow = RunLock.acquire(tables, "nightly", "2026-11-24", Duration.ofHours(12),
        new Configuration(), warnings::add)) {
      assertEquals(1, warnings.size());
      assertTrue(warnings.get(0).contains("stale") && warnings.get(0).contains("2026-11-23"), warnings.get(0));
    }
  }
}
