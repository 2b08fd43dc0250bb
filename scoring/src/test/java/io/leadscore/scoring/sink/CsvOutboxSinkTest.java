package io.leadscore.scoring.sink;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.scoring.sink.CrmSink.ScoreUpdate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvOutboxSinkTest {
  @TempDir
  Path dir;

  @Test
  void oneAtomicFilePerBatchNamedByItsKeySoAResendRewritesTheSameFile() throws Exception {
    CrmSink sink = CrmSinks.csv(dir, LocalDate.of(2026, 11, 24));
    UpdateBatch batch = UpdateBatch.of(List.of(
        new ScoreUpdate("L1", 81, "A", List.of("Opened 6 emails in the last 30 days", "=HYPERLINK(\"x\")"), "3",
            "No meeting yet: offer a 20-minute call"),
        new ScoreUpdate("L2", 12, "D", List.of(), "3")));
    sink.send(batch);
    sink.send(batch);
    List<Path> files;
    try (var l = Files.list(dir)) {
      files = l.toList();
    }
    assertEquals(1, files.size(), "no temp file left, no second file: " + files);
    assertTrue(files.get(0).getFileName().toString().startsWith("crm_import_2026-11-24_" + batch.key().substring(0, 12)));
    assertEquals(List.of(
        "lead_id,lead_score,lead_tier,score_reason_1,score_reason_2,score_reason_3,model_version,next_best_action",
        "\"L1\",81,A,\"Opened 6 emails in the last 30 days\",\"'=HYPERLINK(\"\"x\"\")\",,\"3\","
            + "\"No meeting yet: offer a 20-minute call\"",
        "\"L2\",12,D,,,,\"3\",\"\""), Files.readAllLines(files.get(0)));
  }

  @Test
  void theKeyDependsOnContentOnly() {
    List<ScoreUpdate> a = List.of(new ScoreUpdate("L1", 81, "A", List.of("x"), "3"));
    assertEquals(UpdateBatch.of(a).key(), UpdateBatch.of(List.copyOf(a)).key());
    assertNotEquals(UpdateBatch.of(a).key(),
        UpdateBatch.of(List.of(new ScoreUpdate("L1", 82, "A", List.of("x"), "3"))).key());
  }
}
