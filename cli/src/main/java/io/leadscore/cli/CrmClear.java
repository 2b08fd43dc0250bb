package io.leadscore.cli;

import io.leadscore.cli.errors.CliErrors;
import io.leadscore.ingest.privacy.CrmClearer;
import io.leadscore.scoring.ScoringSettings;
import io.leadscore.scoring.sink.CrmSink;
import io.leadscore.scoring.spark.CrmWriteback;
import io.leadscore.scoring.writeback.ConfiguredSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The one place where erasure and retention talk to the CRM: a clear per lead through the writeback's ledger
 * ({@link CrmWriteback#clear}, the same effectively-once path as the scores), and the lead's lines taken out of
 * earlier CSV import files of the outbox.
 *
 * <p>The ledger path matters for a lead whose score was sent but never confirmed (a timeout after the CRM wrote
 * it): its pending batch is re-sent first with its original key, so the clear always lands after the score, and
 * the clear is recorded in {@code crm_sync} like any delivery. The erasure removes the lead's ledger rows only once
 * this returns.
 */
final class CrmClear implements CrmClearer {
  private final Context ctx;

  CrmClear(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public int clear(List<String> leadIds, String reason) {
    ScoringSettings s = ScoringSettings.from(ctx.config);
    CrmSink sink = ConfiguredSink.from(s.writeback());
    String why = reason.startsWith("retention") ? "retention" : "erased";
    CrmWriteback writeback = new CrmWriteback(ctx.spark(), ctx.tables, s.writeback(), ctx.runId);
    CrmWriteback.Result r = writeback.clear(sink, leadIds, why, ctx.date);
    Set<String> open = writeback.notCleared(leadIds);
    if (!open.isEmpty()) {
      // counts only: the batches' errors may quote the CRM's answer, and this message reaches job_runs
      throw CliErrors.of("The CRM did not confirm the clear of %d lead(s) (%d failed batch(es), %d update(s) left "
          + "pending; the log names the batches): run the same command again once the CRM answers; it re-sends the "
          + "pending clears first", open.size(), r.report().failedBatches(), r.report().pending());
    }
    if (s.writeback().sink().equals("csv")) {
      scrubOutbox(Path.of(s.writeback().outboxDir()), new HashSet<>(leadIds));
    }
    return (int) r.cleared();
  }

  /**
   * Earlier import files hold the leads' scores and reasons, owner files their owners: rewrite them without their
   * lines (clear files, whose lines say "erased"/"retention", are kept: the CRM still has to import them).
   */
  static int scrubOutbox(Path outbox, Set<String> leadIds) {
    if (!Files.isDirectory(outbox)) {
      return 0;
    }
    int removed = 0;
    try (Stream<Path> files = Files.list(outbox)) {
      for (Path f : files.filter(p -> p.getFileName().toString().matches("crm_(import|owners)_.*\\.csv")).toList()) {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
          // the cleared_reason column of a clear line (CsvOutboxSink writes it quoted, followed by more columns)
          boolean clearLine = line.contains(",\"erased\",") || line.contains(",\"retention\",");
          if (!clearLine && leadIds.contains(firstField(line))) {
            removed++;
          } else {
            kept.add(line);
          }
        }
        if (kept.size() != lines.size()) {
          Path tmp = Files.createTempFile(outbox, ".scrub", ".csv.tmp");
          Files.write(tmp, kept, StandardCharsets.UTF_8);
          Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot scrub the CRM outbox " + outbox + ": " + e.getMessage(), e);
    }
    return removed;
  }

  /** The lead id of an outbox line: the first field, quoted by CsvOutboxSink. */
  static String firstField(String line) {
    if (!line.startsWith("\"")) {
      int comma = line.indexOf(',');
      return comma < 0 ? line : line.substring(0, comma);
    }
    StringBuilder b = new StringBuilder();
    for (int i = 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
          b.append('"');
          i++;
        } else {
          break;
        }
      } else {
        b.append(c);
      }
    }
    String id = b.toString();
    return id.startsWith("'") ? id.substring(1) : id; // CsvOutboxSink's formula guard
  }
}
