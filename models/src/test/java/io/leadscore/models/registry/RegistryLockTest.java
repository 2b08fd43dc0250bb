package io.leadscore.models.registry;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry lock against the other trainer's timing, with files that replay one interleaving. */
class RegistryLockTest {
  /**
   * The other trainer releases the lock between this one's "does it exist" and "how old is it": seen under load
   * in LocalModelRegistryTest#twoTrainersInTwoJvmsGetDistinctVersions, where the claim then failed with "Cannot
   * lock the model registry". A lock that is gone is free: the next create-new takes it.
   */
  @Test
  void aLockReleasedWhileItsAgeIsReadIsTakenOnTheNextTry() {
    int[] creates = {0};
    RegistryFiles files = new RegistryFiles() {
      @Override
      boolean exists(String name) {
        return true; // still there when asked...
      }

      @Override
      long ageMillis(String name) throws IOException {
        throw new NoSuchFileException(name); // ...released before its age is read
      }

      @Override
      boolean createNew(String name, byte[] content) {
        return ++creates[0] > 1;
      }

      @Override
      byte[] read(String name) {
        throw new UnsupportedOperationException();
      }

      @Override
      boolean mkdirNew(String name) {
        throw new UnsupportedOperationException();
      }

      @Override
      void replace(String name, byte[] content) {
        throw new UnsupportedOperationException();
      }

      @Override
      void delete(String name) {}

      @Override
      List<String> list() {
        return List.of();
      }
    };
    new RegistryLock("models", files).acquire();
    assertEquals(2, creates[0], "taken on the second create-new");
  }
}
