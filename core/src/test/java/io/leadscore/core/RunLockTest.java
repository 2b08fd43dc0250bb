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
  static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

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

  /** A lock file as a run on {@code host} wrote it, two days ago (stale by age). */
  private static String staleLock(String host) {
    return "{\"host\":\"" + host + "\",\"pid\":1,\"command\":\"nightly\",\"batch_date\":\"2026-11-22\","
        + "\"started_at\":\"" + Instant.now().minus(Duration.ofDays(2)) + "\"}";
  }

  @Test
  void manyRunsTakingOverTheSameStaleLockLeaveExactlyOneHolder(@TempDir Path dir) throws Exception {
    int threads = 8;
    for (int round = 0; round < 25; round++) {
      Tables tables = Tables.at(dir.resolve("r" + round).toString());
      Path lock = Path.of(RunLock.location(tables));
      Files.createDirectories(lock.getParent());
      Files.writeString(lock, staleLock("elsewhere"));
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
      List<java.util.concurrent.Future<RunLock>> runs = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        String command = "run-" + i;
        runs.add(pool.submit(() -> {
          start.await();
          try {
            return RunLock.acquire(tables, command, "2026-11-24", Duration.ofHours(12), new Configuration(), w -> { });
          } catch (RunLock.Held e) {
            return null;
          }
        }));
      }
      List<RunLock> holders = new ArrayList<>();
      String holder = null;
      for (int i = 0; i < threads; i++) {
        RunLock l = runs.get(i).get(30, java.util.concurrent.TimeUnit.SECONDS);
        if (l != null) {
          holders.add(l);
          holder = "run-" + i;
        }
      }
      pool.shutdown();
      assertEquals(1, holders.size(), "round " + round + ": exactly one run holds the lock");
      String content = Files.readString(lock);
      assertTrue(content.contains("\"" + holder + "\""), "the file is the holder's (" + holder + "): " + content);
      holders.forEach(RunLock::close);
      assertFalse(Files.exists(lock), "released");
      try (var left = Files.list(lock.getParent())) {
        assertEquals(List.of(), left.filter(p -> !p.equals(lock)).toList(), "no claim or stale copy left behind");
      }
    }
  }

  @Test
  void aHolderWithThisPidButAnotherStartTimeIsGoneAsInARestartedContainer() throws Exception {
    String host = java.net.InetAddress.getLocalHost().getHostName();
    Duration day = Duration.ofDays(1);
    ProcessHandle me = ProcessHandle.current();
    Instant myStart = me.info().startInstant().orElseThrow();
    String now = Instant.now().toString();
    // pid 1 of a container before its restart: the same pid and host, an earlier process start
    Map<String, Object> before = Map.of("host", host, "pid", me.pid(), "started_at", now,
        "process_started_at", myStart.minus(Duration.ofHours(3)).toString());
    String why = RunLock.staleReason(before, day);
    assertNotNull(why, "a pid reused by a later process is not the holder");
    assertTrue(why.contains("started"), why);
    Map<String, Object> mine = Map.of("host", host, "pid", me.pid(), "started_at", now,
        "process_started_at", myStart.toString());
    assertNull(RunLock.staleReason(mine, day), "the same pid and start time: alive");
    Map<String, Object> rebooted = new java.util.HashMap<>(mine);
    rebooted.put("boot_id", "00000000-0000-0000-0000-000000000000");
    if (Files.isReadable(BOOT_ID)) {
      assertTrue(RunLock.staleReason(rebooted, day).contains("restarted"), "another boot: every process is gone");
    }
    assertNull(RunLock.staleReason(Map.of("host", host, "pid", me.pid(), "started_at", now), day),
        "an old lock without a start time: judged by pid alone, as before");
  }

  @Test
  void aRestartedContainerTakesOverItsOwnPidsLockAndRecordsItsIdentity(@TempDir Path dir) throws Exception {
    Tables tables = Tables.at(dir.toString());
    Path lock = Path.of(RunLock.location(tables));
    Files.createDirectories(lock.getParent());
    ProcessHandle me = ProcessHandle.current();
    Files.writeString(lock, "{\"host\":\"" + java.net.InetAddress.getLocalHost().getHostName() + "\",\"pid\":"
        + me.pid() + ",\"command\":\"nightly\",\"batch_date\":\"2026-11-23\",\"started_at\":\"" + Instant.now()
        + "\",\"process_started_at\":\"" + me.info().startInstant().orElseThrow().minus(Duration.ofHours(1)) + "\"}");
    List<String> warnings = new ArrayList<>();
    try (RunLock l = RunLock.acquire(tables, "nightly", "2026-11-24", Duration.ofHours(12), new Configuration(),
        warnings::add)) {
      assertEquals(1, warnings.size(), warnings.toString());
      String content = Files.readString(lock);
      assertTrue(content.contains("\"process_started_at\""), content);
      if (Files.isReadable(BOOT_ID)) {
        assertTrue(content.contains(Files.readString(BOOT_ID).trim()), content);
      }
    }
  }
}
