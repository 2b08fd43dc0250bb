package io.leadscore.scoring.sink;

import io.leadscore.features.LeadscoreException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;

/**
 * One bulk-import file per run in an outbox folder, the format CRM import wizards take. Written to a
 * temporary file and renamed, so a reader never sees half a file; re-running replaces it.
 */
public final class CsvOutboxSink implements CrmSink {
  private final Path outbox;
  private final String fileName;

  public CsvOutboxSink(Path outbox, String fileName) {
    this.outbox = outbox;
    this.fileName = fileName;
  }

  @Override
  public Delivery deliver(String runId, Iterator<ScoreUpdate> updates) {
    Path target = outbox.resolve(fileName);
    try {
      Files.createDirectories(outbox);
      Path tmp = Files.createTempFile(outbox, ".import", ".csv.tmp");
      long n = 0;
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        w.write("lead_id,lead_score,lead_tier,score_reason_1,score_reason_2,score_reason_3,model_version\n");
        while (updates.hasNext()) {
          ScoreUpdate u = updates.next();
          w.write(quote(u.leadId()) + "," + u.score() + "," + u.tier());
          for (int i = 0; i < 3; i++) {
            w.write("," + (i < u.reasons().size() ? quote(u.reasons().get(i)) : ""));
          }
          w.write("," + quote(u.modelVersion()) + "\n");
          n++;
        }
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return new Delivery(n, 0, target.toString());
    } catch (IOException e) {
      throw new LeadscoreException("Cannot write the CRM import file " + target + ": " + e.getMessage(), e);
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
