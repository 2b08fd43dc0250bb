package io.leadscore.scoring.sink;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * One bulk-import file per run in an outbox folder, the format CRM import wizards take. The whole run is
 * one batch; the file is named by the date and the batch's idempotency key, written to a temporary file
 * and renamed, so a reader never sees half a file and offering the same batch again rewrites the same file
 * instead of adding a second one. Public only because other stages import it; build it with {@link CrmSinks}.
 */
public final class CsvOutboxSink implements CrmSink {
  private final Path outbox;
  private final String prefix;

  CsvOutboxSink(Path outbox, String prefix) {
    this.outbox = outbox;
    this.prefix = prefix;
  }

  @Override
  public int batchSize() {
    return Integer.MAX_VALUE;
  }

  @Override
  public String target() {
    return outbox.toString();
  }

  Path file(UpdateBatch batch) {
    return outbox.resolve(prefix + "_" + batch.key().substring(0, 12) + ".csv");
  }

  @Override
  public void send(UpdateBatch batch) {
    Path target = file(batch);
    try {
      Files.createDirectories(outbox);
      Path tmp = Files.createTempFile(outbox, ".import", ".csv.tmp");
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        w.write("lead_id,lead_score,lead_tier,score_reason_1,score_reason_2,score_reason_3,model_version,next_best_action\n");
        for (ScoreUpdate u : batch.updates()) {
          w.write(quote(u.leadId()) + "," + u.score() + "," + u.tier());
          for (int i = 0; i < 3; i++) {
            w.write("," + (i < u.reasons().size() ? quote(u.reasons().get(i)) : ""));
          }
          w.write("," + quote(u.modelVersion()) + "," + quote(u.action()) + "\n");
        }
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new SinkException("Cannot write the CRM import file " + target + ": " + e.getMessage()
          + " (check that the outbox folder is writable)", e);
    }
  }

  static String quote(String s) {
    if (s == null) {
      return "";
    }
    // a leading =, +, - or @ would be a formula in a spreadsheet-based import
    String safe = s.matches("^[=+\\-@].*") ? "'" + s : s;
    return "\"" + safe.replace("\"", "\"\"") + "\"";
  }
}
