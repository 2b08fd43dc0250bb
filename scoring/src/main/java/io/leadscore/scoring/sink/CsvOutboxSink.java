package io.leadscore.scoring.sink;

import io.leadscore.scoring.sink.CrmSink.ScoreUpdate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One bulk-import file per batch in an outbox folder, the format CRM import wizards take. Files are named
 * {@code crm_import_<yyyy-MM-dd>_<seq>_<key>.csv} (the writing date in UTC and a per-day sequence), so
 * sorting the names sorts the files in the order they were written, which is the order to import them in.
 *
 * <p>A file counts as delivered once it is durable: written to a temporary file, fsynced, renamed, and the
 * folder fsynced, so a power cut never leaves a half file or loses a renamed one. A temporary file is removed
 * when writing fails, and leftovers of a crashed run are removed before the next write. Offering a batch
 * again rewrites the file of the same key if it is still in the outbox; if the importer already took it, a
 * new file carries the same key in its {@code idempotency_key} column, which the importer de-duplicates by.
 *
 * <p>Owners (the route stage's batches) go to files of their own, {@code crm_owners_<yyyy-MM-dd>_<seq>_<key>.csv}
 * with the columns lead_id, owner_rep_id, assigned_on, assignment_reason, idempotency_key: an import of the lead's
 * owner field that never touches its score. Both kinds share the per-day sequence.
 */
final class CsvOutboxSink implements CrmSink {
  static final String PREFIX = "crm_import_";
  static final String OWNERS_PREFIX = "crm_owners_";
  static final String OWNERS_HEADER = "lead_id,owner_rep_id,assigned_on,assignment_reason,idempotency_key\n";
  private static final String TMP_SUFFIX = ".csv.tmp";
  private static final Pattern NAME = Pattern.compile(
      "(?:" + Pattern.quote(PREFIX) + "|" + Pattern.quote(OWNERS_PREFIX)
          + ")(\\d{4}-\\d{2}-\\d{2})_(\\d{6})_([0-9a-f]+)\\.csv");

  private final Path outbox;
  private final int reasonColumns;
  private final Clock clock;
  private boolean cleaned;

  CsvOutboxSink(Path outbox, int reasonColumns, Clock clock) {
    if (reasonColumns < 0) {
      // guard: WritebackSettings floors the reason count at 0
      throw new IllegalArgumentException("reason columns must be >= 0, got " + reasonColumns);
    }
    this.outbox = outbox;
    this.reasonColumns = reasonColumns;
    this.clock = clock;
  }

  @Override
  public int batchSize() {
    return Integer.MAX_VALUE;
  }

  @Override
  public String target() {
    return outbox.toString();
  }

  String header() {
    StringBuilder b = new StringBuilder("lead_id,lead_score,lead_tier");
    for (int i = 1; i <= reasonColumns; i++) {
      b.append(",score_reason_").append(i);
    }
    return b.append(",model_version,score_date,cleared_reason,next_best_action,idempotency_key\n").toString();
  }

  @Override
  public void send(UpdateBatch batch) {
    Path tmp = null;
    Path target = null;
    try {
      Files.createDirectories(outbox);
      removeLeftovers();
      target = existing(batch.key()).orElseGet(() -> next(batch.isOwners() ? OWNERS_PREFIX : PREFIX, batch.key()));
      tmp = outbox.resolve("." + target.getFileName() + TMP_SUFFIX);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        StringBuilder b = new StringBuilder(batch.isOwners() ? OWNERS_HEADER : header());
        for (ScoreUpdate u : batch.updates()) {
          line(b, u, batch.key());
          if (b.length() > 1 << 16) {
            write(ch, b);
          }
        }
        for (CrmSink.OwnerUpdate o : batch.owners()) {
          b.append(quote(o.leadId())).append(',').append(quote(o.repId())).append(',').append(o.assignedOn())
              .append(',').append(quote(o.reason())).append(',').append(batch.key()).append('\n');
          if (b.length() > 1 << 16) {
            write(ch, b);
          }
        }
        write(ch, b);
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      tmp = null;
      fsyncFolder();
    } catch (IOException | UncheckedIOException e) {
      throw new SinkException("import file not written", "Cannot write the CRM import file "
          + (target == null ? "in " + outbox : target) + ": " + e.getMessage()
          + " (check that the outbox folder exists, is writable and has space)", e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // removed with the other leftovers before the next write
        }
      }
    }
  }

  private void line(StringBuilder b, ScoreUpdate u, String key) {
    b.append(quote(u.leadId())).append(',').append(u.score() == null ? "" : u.score()).append(',')
        .append(u.tier() == null ? "" : u.tier());
    // a reason beyond the configured columns would be silently lost: refuse instead
    if (u.reasons().size() > reasonColumns) {
      throw new SinkException("too many reasons for the import file", "lead " + u.leadId() + " carries "
          + u.reasons().size() + " reasons but the CSV outbox writes " + reasonColumns
          + ": raise leadscore.writeback.csv.reasons");
    }
    for (int i = 0; i < reasonColumns; i++) {
      b.append(',').append(i < u.reasons().size() ? quote(u.reasons().get(i)) : "");
    }
    b.append(',').append(quote(u.modelVersion())).append(',')
        .append(u.scoreDate() == null ? "" : u.scoreDate().toString()).append(',')
        .append(quote(u.clearReason())).append(',').append(quote(u.action())).append(',').append(key).append('\n');
  }

  private static void write(FileChannel ch, StringBuilder b) throws IOException {
    ByteBuffer buf = StandardCharsets.UTF_8.encode(b.toString());
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
    b.setLength(0);
  }

  /** The file already written for this key, if the importer has not taken it yet. */
  private Optional<Path> existing(String key) throws IOException {
    try (Stream<Path> files = Files.list(outbox)) {
      return files.filter(p -> {
        Matcher m = NAME.matcher(p.getFileName().toString());
        return m.matches() && m.group(3).equals(key);
      }).findFirst();
    }
  }

  private Path next(String prefix, String key) {
    String day = LocalDate.now(clock).toString();
    int seq = 0;
    try (Stream<Path> files = Files.list(outbox)) {
      for (Path p : files.toList()) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (m.matches() && m.group(1).equals(day)) {
          seq = Math.max(seq, Integer.parseInt(m.group(2)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return outbox.resolve(prefix + day + "_" + String.format("%06d", seq + 1) + "_" + key + ".csv");
  }

  /** Temporary files of a write that crashed (only one run writes at a time: the lakehouse lock). */
  private void removeLeftovers() throws IOException {
    if (cleaned) {
      return;
    }
    try (Stream<Path> files = Files.list(outbox)) {
      for (Path p : files.toList()) {
        String n = p.getFileName().toString();
        if ((n.startsWith("." + PREFIX) || n.startsWith("." + OWNERS_PREFIX)) && n.endsWith(TMP_SUFFIX)) {
          Files.deleteIfExists(p);
        }
      }
    }
    cleaned = true;
  }

  private void fsyncFolder() throws IOException {
    try (FileChannel dir = FileChannel.open(outbox, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }

  /** The files in the outbox, in import order. */
  static List<Path> files(Path outbox) throws IOException {
    try (Stream<Path> files = Files.list(outbox)) {
      return files.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).sorted().toList();
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
