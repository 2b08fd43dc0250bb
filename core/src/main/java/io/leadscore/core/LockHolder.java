package io.leadscore.core;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who holds the lakehouse lock, as recorded in the lock file, and whether that process still lives. A pid alone
 * does not name a process: after a container restart the new process is pid 1 again on the same host name, and
 * after a reboot pids start over. So the record also carries the kernel's boot id and the process's start time,
 * and a holder on this host is alive only when its pid is alive, on this boot, with the recorded start time.
 * Fields a lock written by an older version lacks are not held against it: without a start time the pid alone
 * decides (as before), without a boot id the boot is not compared.
 */
final class LockHolder {
  static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
  /** Start times are read from {@code /proc} in clock ticks and the boot time in seconds: allow that much. */
  static final Duration START_TOLERANCE = Duration.ofSeconds(1);

  private LockHolder() {}

  /** This process as a holder of the lock for {@code command} and {@code batchDate}. */
  static Map<String, Object> current(String command, String batchDate) {
    Map<String, Object> me = new LinkedHashMap<>();
    me.put("host", host());
    me.put("pid", ProcessHandle.current().pid());
    String boot = bootId();
    if (boot != null) {
      me.put("boot_id", boot);
    }
    ProcessHandle.current().info().startInstant().ifPresent(s -> me.put("process_started_at", s.toString()));
    me.put("command", command);
    me.put("batch_date", batchDate);
    me.put("started_at", Instant.now().toString());
    // makes every lock's bytes unique, so a takeover claim names exactly one lock (see RunLock)
    me.put("token", java.util.UUID.randomUUID().toString());
    return me;
  }

  /** Why {@code holder} no longer holds the lock, or null when it still does (or that cannot be told). */
  static String staleReason(Map<String, Object> holder, Duration staleAfter) {
    if (holder.isEmpty()) {
      return "the lock file is empty or unreadable";
    }
    Object started = holder.get("started_at");
    try {
      if (started != null && Instant.parse(started.toString()).plus(staleAfter).isBefore(Instant.now())) {
        return "older than leadscore.lock.stale_after (" + staleAfter + ")";
      }
    } catch (java.time.format.DateTimeParseException e) {
      return "its start time is unreadable";
    }
    if (!host().equals(holder.get("host")) || !(holder.get("pid") instanceof Number n)) {
      return null; // a process on another host cannot be checked: only age makes it stale
    }
    String boot = bootId();
    Object holderBoot = holder.get("boot_id");
    if (boot != null && holderBoot != null && !boot.equals(holderBoot.toString())) {
      return "this host restarted since it was taken (boot id " + holderBoot + ", now " + boot + "): its process "
          + n + " is gone";
    }
    Optional<ProcessHandle> process = ProcessHandle.of(n.longValue()).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) {
      return "its process " + n + " is gone on this host";
    }
    Instant recorded = instant(holder.get("process_started_at"));
    Optional<Instant> actual = process.get().info().startInstant();
    if (recorded != null && actual.isPresent()
        && Duration.between(recorded, actual.get()).abs().compareTo(START_TOLERANCE) > 0) {
      return "pid " + n + " now belongs to another process (started " + actual.get() + "; the holder started "
          + recorded + "), e.g. after a container restart";
    }
    return null;
  }

  static String describe(Map<String, Object> h) {
    return String.format("pid %s on host %s, command '%s' for batch date %s, started %s", h.get("pid"),
        h.get("host"), h.get("command"), h.get("batch_date"), h.get("started_at"));
  }

  /** The kernel's boot id (Linux), or null where there is none to read. */
  static String bootId() {
    try {
      String id = Files.readString(BOOT_ID).trim();
      return id.isEmpty() ? null : id;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  /** A recorded instant, or null when absent or unreadable (then it is not compared). */
  private static Instant instant(Object value) {
    try {
      return value == null ? null : Instant.parse(value.toString());
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
