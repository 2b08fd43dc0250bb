package io.leadscore.models.registry;

import io.leadscore.models.ModelsErrors;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The registry's lock: {@code registry.lock}, created atomically (create-new) and deleted on release. A
 * trainer waits up to two minutes for it; a lock older than ten minutes belongs to a trainer that died
 * holding it (its change never reached registry.json, which is intact) and is broken.
 */
final class RegistryLock {
  static final String LOCK = "registry.lock";
  private static final long LOCK_WAIT_MS = 120_000;
  private static final long LOCK_STALE_MS = 600_000;

  private final String dir;
  private final RegistryFiles files;

  RegistryLock(String dir, RegistryFiles files) {
    this.dir = dir;
    this.files = files;
  }

  void acquire() {
    long deadline = System.currentTimeMillis() + LOCK_WAIT_MS;
    byte[] owner = (ProcessHandle.current().pid() + " " + Instant.now()).getBytes(StandardCharsets.UTF_8);
    try {
      while (!files.createNew(LOCK, owner)) {
        if (age() > LOCK_STALE_MS) {
          // a trainer that died holding the lock: its change never reached registry.json, which is intact
          files.delete(LOCK);
          continue;
        }
        if (System.currentTimeMillis() > deadline) {
          throw ModelsErrors.of("The model registry %s is locked by another trainer (%s/%s, held for %d s); "
              + "wait for it to finish, or delete the lock file if no trainer is running", dir, dir, LOCK,
              age() / 1000);
        }
        Thread.sleep(20 + (long) (Math.random() * 30));
      }
    } catch (IOException e) {
      throw ModelsErrors.cannot("lock the model registry " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ModelsErrors.wrap("Interrupted while waiting for the model registry lock in " + dir, e);
    }
  }

  /**
   * How long the lock has been held; 0 when there is none. The other trainer may release it between any two
   * calls: a lock gone by the time its age is read is free, and the next create-new takes it.
   */
  private long age() throws IOException {
    try {
      return files.exists(LOCK) ? files.ageMillis(LOCK) : 0;
    } catch (NoSuchFileException | FileNotFoundException e) {
      return 0;
    }
  }

  void release() {
    try {
      files.delete(LOCK);
    } catch (IOException e) {
      throw ModelsErrors.cannot("release the model registry lock " + dir + "/" + LOCK, e);
    }
  }
}
