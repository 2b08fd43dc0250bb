package io.leadscore.cli.sql;

import io.leadscore.cli.errors.UsageException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ErasureFloorTest {
  static final Instant T0 = Instant.parse("2026-11-24T06:00:00Z");

  static TreeMap<Long, Instant> commits(long... secondsAfterT0) {
    TreeMap<Long, Instant> m = new TreeMap<>();
    for (int v = 0; v < secondsAfterT0.length; v++) {
      m.put((long) v, T0.plusSeconds(secondsAfterT0[v]));
    }
    return m;
  }

  @Test
  void theFloorIsTheFirstVersionCommittedAfterTheErasure() {
    ErasureFloor f = ErasureFloor.of("leads", commits(0, 10, 20, 30), T0.plusSeconds(15)).orElseThrow();
    assertEquals(2, f.version());
    assertEquals(T0.plusSeconds(20), f.committed());
    f.checkVersion(2);
    f.checkVersion(3);
    UsageException old = assertThrows(UsageException.class, () -> f.checkVersion(1));
    assertTrue(old.getMessage().startsWith("Refused: leads@v1 is older than the last erasure of leads "
        + "(2026-11-24T06:00:15Z)"), old.getMessage());
    assertTrue(old.getMessage().contains("use leads@v2 or later, or --as-of 2"), old.getMessage());
  }

  @Test
  void withNoVersionSinceTheErasureOnlyTheCurrentOneIsReadable() {
    ErasureFloor f = ErasureFloor.of("lead_scores", commits(0, 10), T0.plusSeconds(15)).orElseThrow();
    assertEquals(1, f.version());
    assertThrows(UsageException.class, () -> f.checkVersion(0));
    f.checkVersion(1);
    // a version committed at the erasure's very instant may predate its record: the next one is the floor
    assertEquals(2, ErasureFloor.of("t", commits(0, 15, 16), T0.plusSeconds(15)).orElseThrow().version());
  }

  @Test
  void aTimeReadsTheVersionCurrentThenSoATimeBeforeTheFloorsCommitIsRefused() {
    ErasureFloor f = ErasureFloor.of("leads", commits(0, 10, 20), T0.plusSeconds(15)).orElseThrow();
    UsageException e = assertThrows(UsageException.class, () -> f.checkTime("2026-11-24 06:00:19", T0.plusSeconds(19)));
    assertTrue(e.getMessage().startsWith("Refused: leads as of 2026-11-24 06:00:19 is older"), e.getMessage());
    f.checkTime("2026-11-24 06:00:20", T0.plusSeconds(20));
  }

  @Test
  void nothingErasedOrNoVersionsMeansNoFloor() {
    assertEquals(Optional.empty(), ErasureFloor.of("leads", commits(0, 10), null));
    assertEquals(Optional.empty(), ErasureFloor.of("leads", new TreeMap<>(), T0));
  }
}
