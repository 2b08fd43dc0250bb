package io.leadscore.scoring.sink;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.scoring.sink.CrmSink.ScoreUpdate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvOutboxSinkTest {
  private static final Clock NOV_24 = Clock.fixed(Instant.parse("2026-11-24T05:00:00Z"), ZoneOffset.UTC);
  private static final LocalDate D = LocalDate.of(2026, 11, 24);
  @TempDir
  Path dir;

  private List<Path> all() throws Exception {
    try (Stream<Path> l = Files.list(dir)) {
      return l.sorted().toList();
    }
  }

  @Test
  void oneDurableFilePerBatchWithItsKeySoAResendRewritesTheSameFile() throws Exception {
    CrmSink sink = new CsvOutboxSink(dir, 3, NOV_24);
    UpdateBatch batch = UpdateBatch.of(List.of(
        new ScoreUpdate("L1", 81, "A", List.of("Opened 6 emails in the last 30 days", "=HYPERLINK(\"x\")"), "3",
            D, null, "No meeting yet: offer a 20-minute call"),
        ScoreUpdate.clear("L2", "opted out", D)));
    sink.send(batch);
    sink.send(batch);
    List<Path> files = all();
    assertEquals(1, files.size(), "no temp file left, no second file: " + files);
    assertEquals("crm_import_2026-11-24_000001_" + batch.key() + ".csv", files.get(0).getFileName().toString());
    assertEquals(List.of(
        "lead_id,lead_score,lead_tier,score_reason_1,score_reason_2,score_reason_3,model_version,score_date,"
            + "cleared_reason,next_best_action,idempotency_key",
        "\"L1\",81,A,\"Opened 6 emails in the last 30 days\",\"'=HYPERLINK(\"\"x\"\")\",,\"3\",2026-11-24,,"
            + "\"No meeting yet: offer a 20-minute call\"," + batch.key(),
        "\"L2\",,,,,,,2026-11-24,\"opted out\",\"\"," + batch.key()), Files.readAllLines(files.get(0)));
  }

  /** The route stage's owners: a file of their own beside the scores', same durability, sequence and key column. */
  @Test
  void ownersGoToAnImportFileOfTheirOwnWithTheRepTheDateAndTheReason() throws Exception {
    CrmSink sink = new CsvOutboxSink(dir, 3, NOV_24);
    UpdateBatch scores = UpdateBatch.of(List.of(new ScoreUpdate("L1", 81, "A", List.of(), "3")));
    UpdateBatch owners = UpdateBatch.ofOwners(List.of(
        new CrmSink.OwnerUpdate("L1", "ana", D, "tier A, territory DE, Ana 1/20 today"),
        new CrmSink.OwnerUpdate("L2", "=ben", D, "tier B, territory FR, Ben 3/20 today")), List.of("", "k0"));
    sink.send(scores);
    sink.send(owners);
    sink.send(owners);
    List<Path> files = all();
    assertEquals(2, files.size(), "one file per batch, a resend rewrites its file: " + files);
    assertEquals("crm_owners_2026-11-24_000002_" + owners.key() + ".csv", files.get(1).getFileName().toString());
    assertEquals(List.of("lead_id,owner_rep_id,assigned_on,assignment_reason,idempotency_key",
        "\"L1\",\"ana\",2026-11-24,\"tier A, territory DE, Ana 1/20 today\"," + owners.key(),
        "\"L2\",\"'=ben\",2026-11-24,\"tier B, territory FR, Ben 3/20 today\"," + owners.key()),
        Files.readAllLines(files.get(1)));
    assertNotEquals(owners.key(), UpdateBatch.ofOwners(List.of(owners.owners().get(0), owners.owners().get(1)),
        List.of("", "")).key(), "a new basis is a new change");
  }

  @Test
  void namesSortInTheOrderTheFilesWereWritten() throws Exception {
    CrmSink sink = new CsvOutboxSink(dir, 3, NOV_24);
    List<String> keys = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      // keys are hashes: their order is random, the names' order must not be
      UpdateBatch b = UpdateBatch.of(List.of(new ScoreUpdate("L" + i, i, "D", List.of(), "3")));
      sink.send(b);
      keys.add(b.key());
    }
    new CsvOutboxSink(dir, 3, Clock.offset(NOV_24, java.time.Duration.ofDays(1)))
        .send(UpdateBatch.of(List.of(new ScoreUpdate("L99", 99, "A", List.of(), "3"))));
    List<Path> files = all();
    assertEquals(13, files.size());
    for (int i = 0; i < 12; i++) {
      assertTrue(files.get(i).getFileName().toString().endsWith(String.format("_%06d_%s.csv", i + 1, keys.get(i))),
          files.get(i).toString());
    }
    assertTrue(files.get(12).getFileName().toString().startsWith("crm_import_2026-11-25_000001_"));
  }

  @Test
  void everyConfiguredReasonIsWrittenAndMoreThanConfiguredIsRefusedWithoutLeavingATempFile() throws Exception {
    List<String> five = List.of("r1", "r2", "r3", "r4", "r5");
    new CsvOutboxSink(dir, 5, NOV_24).send(UpdateBatch.of(List.of(new ScoreUpdate("L1", 90, "A", five, "3"))));
    List<String> lines = Files.readAllLines(all().get(0));
    assertTrue(lines.get(0).contains("score_reason_5,model_version"), lines.get(0));
    assertTrue(lines.get(1).startsWith("\"L1\",90,A,\"r1\",\"r2\",\"r3\",\"r4\",\"r5\","), lines.get(1));

    SinkException e = assertThrows(SinkException.class, () -> new CsvOutboxSink(dir, 3, NOV_24)
        .send(UpdateBatch.of(List.of(new ScoreUpdate("L2", 90, "A", five, "3")))));
    assertTrue(e.getMessage().contains("lead L2 carries 5 reasons but the CSV outbox writes 3"), e.getMessage());
    assertEquals(1, all().size(), "the failed write left nothing behind: " + all());
  }

  @Test
  void leftoverTempFilesOfACrashedRunAreRemovedAndAnUnwritableOutboxNamesTheFolder() throws Exception {
    Path leftover = dir.resolve(".crm_import_2026-11-23_000001_abc.csv.csv.tmp");
    Files.writeString(leftover, "half a file");
    new CsvOutboxSink(dir, 3, NOV_24).send(UpdateBatch.of(List.of(new ScoreUpdate("L1", 1, "D", List.of(), "3"))));
    assertFalse(Files.exists(leftover));
    assertEquals(1, all().size());

    Path notADir = dir.resolve("file");
    Files.writeString(notADir, "x");
    SinkException e = assertThrows(SinkException.class, () -> new CsvOutboxSink(notADir.resolve("outbox"), 3, NOV_24)
        .send(UpdateBatch.of(List.of(new ScoreUpdate("L1", 1, "D", List.of(), "3")))));
    assertTrue(e.getMessage().contains(notADir.resolve("outbox").toString()), e.getMessage());
  }
}
