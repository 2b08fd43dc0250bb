package io.leadscore.cli;

import io.leadscore.ingest.privacy.CrmClearer;
import io.leadscore.scoring.ScoringSettings;
import io.leadscore.scoring.sink.CrmSink;
import io.leadscore.scoring.sink.CrmSink.ScoreUpdate;
import io.leadscore.scoring.sink.CrmSinks;
import io.leadscore.scoring.sink.SinkException;
import io.leadscore.scoring.sink.UpdateBatch;
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
 * The one place where erasure and retention talk to the CRM: a clear update per lead through the configured
 * {@link CrmSink}, and the lead's lines taken out of earlier CSV import files of the outbox.
 *
 * <p>A clear empties the lead's score, tier and reasons and says why ("erased", "retention"). It goes straight
 * to the sink rather than through the writeback's ledger: the lead's crm_sync and pending rows are removed next.
 */
final class CrmClear implements CrmClearer {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CrmClear.class);
  private final Context ctx;

  CrmClear(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public int clear(List<String> leadIds, String reason) {
    ScoringSettings s = ScoringSettings.from(ctx.config);
    CrmSink sink = CrmSinks.from(s.writeback());
    String why = reason.startsWith("retention") ? "retention" : "erased";
    int size = Math.max(1, Math.min(sink.batchSize(), 10_000));
    for (int i = 0; i < leadIds.size(); i += size) {
      List<ScoreUpdate> batch = new ArrayList<>();
      for (String id : leadIds.subList(i, Math.min(leadIds.size(), i + size))) {
        batch.add(ScoreUpdate.clear(id, why, ctx.date));
      }
      UpdateBatch b = UpdateBatch.of(batch);
      try {
        sink.send(b);
      } catch (SinkException e) {
        // the failure's message may carry the CRM's answer and lead ids: the run log keeps only its kind
        LOG.debug("CRM clear batch {} failed in detail: {}", b.key(), e.getMessage());
        throw new SinkException(e.kind(), "the CRM clear of batch " + b.key() + " (" + b.size() + " leads) at "
            + sink.target() + " failed: " + e.kind() + "; run the command again (DEBUG logging of "
            + CrmClear.class.getName() + " shows the CRM's answer)");
      }
    }
    if (s.writeback().sink().equals("csv")) {
      scrubOutbox(Path.of(s.writeback().outboxDir()), new HashSet<>(leadIds));
    }
    return leadIds.size();
  }

  /**
   * Earlier import files hold the leads' scores and reasons: rewrite them without their lines (clear files, whose
   * lines say "erased"/"retention", are kept: the CRM still has to import them).
   */
  static int scrubOutbox(Path outbox, Set<String> leadIds) {
    if (!Files.isDirectory(outbox)) {
      return 0;
    }
    int removed = 0;
    try (Stream<Path> files = Files.list(outbox)) {
      for (Path f : files.filter(p -> p.getFileName().toString().matches("crm_import_.*\\.csv")).toList()) {
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
