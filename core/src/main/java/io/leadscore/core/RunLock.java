package io.leadscore.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;

/**
 * One run per storage root at a time: a lock file ({@code <root>/ops/leadscore.lock}) created atomically,
 * recording host, pid, boot id, process start time, command, batch date and start time ({@link LockHolder}).
 * A second run finds it and stops (exit 4) naming the holder. A stale lock (its process is gone on this host,
 * or it is older than {@code leadscore.lock.stale_after}) is taken over with a warning.
 *
 * <p>A takeover is a compare-and-delete: several runs may find the same stale lock at once, and a plain
 * "delete, then create" lets a late one delete the lock an earlier one has just created. So a run first creates
 * a claim file named after the stale lock's exact bytes ({@code leadscore.lock.takeover-<sha256 prefix>}, create
 * if absent): only the run that created it may delete the lock, and only after reading it again and finding the
 * same bytes. Then it creates its own lock as any run does, create-if-absent, and removes the claim. The others
 * wait for the claim to go and look again: they find the new live holder. A claim left by a run that died in
 * between (older than {@link #CLAIM_ABANDONED_AFTER}) is removed. One gap remains, by design of plain files:
 * a lock stale by age whose holder still lives and releases it between the claimant's second read and its
 * delete; a run created in that instant would lose its lock to the claimant.
 *
 * <p>On a local root the create is atomic (a hard link, or {@code O_CREAT|O_EXCL}, see {@link LockFile}). On {@code s3a://}, hadoop-aws 3.3.4 has
 * no atomic create-if-absent: two runs starting within the same second can both believe they hold the
 * lock. There, let one scheduler (Airflow, {@code max_active_runs=1}) be the only thing starting runs; the
 * lock still stops a run started by hand while the nightly runs.
 */
public final class RunLock implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Another live run holds the lock. */
  public static final class Held extends LeadscoreException {
    private final Map<String, Object> holder;

    Held(String message, Map<String, Object> holder) {
      super(message);
      this.holder = Map.copyOf(holder);
    }

    public Map<String, Object> holder() {
      return holder;
    }
  }

  /** A takeover takes milliseconds: a claim this old was left by a run that died during one. */
  static final Duration CLAIM_ABANDONED_AFTER = Duration.ofMinutes(1);
  private static final int ATTEMPTS = 200;

  private final LockFile file;
  private final byte[] content;

  private RunLock(LockFile file, byte[] content) {
    this.file = file;
    this.content = content;
  }

  /** The lock file of a storage root. */
  public static String location(Tables tables) {
    return tables.root() + "/ops/leadscore.lock";
  }

  /**
   * Takes the lock of {@code tables}' root or throws {@link Held}. {@code warn} receives the takeover
   * warning of a stale lock. I/O failures (a read-only root) surface as {@link IOException}.
   */
  public static RunLock acquire(Tables tables, String command, String batchDate, Duration staleAfter,
                                Configuration hadoop, Consumer<String> warn) throws IOException {
    LockFile lock = new LockFile(location(tables), hadoop);
    byte[] bytes = JSON.writeValueAsBytes(LockHolder.current(command, batchDate));
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (lock.create(bytes)) {
        return new RunLock(lock, bytes);
      }
      byte[] seen = lock.read();
      if (seen == null) {
        continue; // released or taken over in between: try again
      }
      Map<String, Object> holder = parse(seen);
      if (holder.isEmpty()) {
        // the holder may be between creating the file and writing it (no hard links): look once more
        sleep(500);
        byte[] again = lock.read();
        if (again == null || !Arrays.equals(again, seen)) {
          continue;
        }
      }
      String stale = LockHolder.staleReason(holder, staleAfter);
      if (stale == null) {
        throw new Held(String.format("another run holds the lakehouse lock %s: %s. Wait for it to finish; if "
            + "that process is gone, delete the lock file and run again", lock.location(), describe(holder)), holder);
      }
      takeOver(lock, seen, String.format("leadscore: taking over a stale lakehouse lock %s (%s): %s",
          lock.location(), stale, describe(holder)), warn);
    }
    Map<String, Object> holder = parse(lock.read());
    throw new Held("another run took the lakehouse lock " + lock.location() + " while a stale lock was being "
        + "replaced: " + describe(holder), holder);
  }

  /**
   * Deletes the lock if it still holds exactly {@code stale}, as the one run that claimed it; a run that finds the
   * claim taken waits for it (the caller then looks at the lock again).
   */
  private static void takeOver(LockFile lock, byte[] stale, String warning, Consumer<String> warn)
      throws IOException {
    LockFile claim = new LockFile(lock.location() + ".takeover-" + sha256(stale).substring(0, 16), lock.hadoop());
    if (!claim.create(new byte[0])) {
      Duration age = claim.age();
      if (age != null && age.compareTo(CLAIM_ABANDONED_AFTER) > 0) {
        claim.delete();
      } else {
        sleep(20);
      }
      return;
    }
    try {
      if (Arrays.equals(stale, lock.read())) {
        warn.accept(warning);
        lock.delete();
      }
    } finally {
      claim.delete();
    }
  }

  /** Why {@code holder} no longer holds the lock, or null when it still does (see {@link LockHolder}). */
  static String staleReason(Map<String, Object> holder, Duration staleAfter) {
    return LockHolder.staleReason(holder, staleAfter);
  }

  static String describe(Map<String, Object> h) {
    return LockHolder.describe(h);
  }

  public String path() {
    return file.location();
  }

  /** Deletes the lock if it is still this run's (a takeover by another run is left alone). */
  @Override
  public void close() {
    try {
      if (Arrays.equals(content, file.read())) {
        file.delete();
      }
    } catch (IOException e) {
      // the lock goes stale once this process is gone: the next run takes it over with a warning
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(byte[] bytes) {
    if (bytes == null) {
      return Map.of();
    }
    try {
      return JSON.readValue(new String(bytes, StandardCharsets.UTF_8), LinkedHashMap.class);
    } catch (IOException e) {
      return Map.of();
    }
  }

  private static String sha256(byte[] bytes) {
    return Sha256.hex(bytes);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
