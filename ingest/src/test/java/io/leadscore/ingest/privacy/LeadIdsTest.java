package io.leadscore.ingest.privacy;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.LeadscoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeadIdsTest {
  @Test
  void oneIdPerLineCommentsAndBlanksSkippedDuplicatesOnce(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("ids.txt"), "\uFEFF# request 42\nL1\n\n  L2 \nL1\n");
    assertEquals(List.of("L1", "L2"), LeadIds.fromFile(f));
  }

  @Test
  void aCsvLineOrAnEmptyFileIsRefusedWithItsLine(@TempDir Path dir) throws Exception {
    Path csv = Files.writeString(dir.resolve("ids.csv"), "L1\nL2,ann@example.com\n");
    assertEquals(csv + " line 2: 'L2,ann@example.com' is not one lead id (it holds a separator): put one id per line",
        assertThrows(LeadscoreException.class, () -> LeadIds.fromFile(csv)).getMessage());
    Path empty = Files.writeString(dir.resolve("empty.txt"), "# nothing\n");
    assertTrue(assertThrows(LeadscoreException.class, () -> LeadIds.fromFile(empty)).getMessage()
        .contains("holds no lead id"));
    assertTrue(assertThrows(LeadscoreException.class, () -> LeadIds.fromFile(dir.resolve("missing.txt")))
        .getMessage().startsWith("Cannot read the ids file"));
    assertThrows(LeadscoreException.class, () -> LeadIds.of(" "));
  }
}
