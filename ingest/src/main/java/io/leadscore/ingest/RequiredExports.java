package io.leadscore.ingest;

import io.leadscore.core.runs.Problem;
import java.util.List;
import java.util.Optional;

/**
 * What {@code required = true} on a source promises: every batch date delivers its export with at least one
 * record. A missing file is reported where the files are found ({@code export_missing}); this is the other half,
 * a delivered export that holds no record (zero bytes, or a CSV header without rows). It is reported as
 * {@code export_missing} too: for the tables, a day without records is a day without the export (they keep
 * yesterday's data), and the night would otherwise score on it as if it were fresh. An optional source may
 * deliver an empty file: nothing happened that day (e.g. no consent changes); so may a required one with
 * {@code allow_empty = true} (a "modified since" export on a quiet day, whose file must still be there).
 */
public final class RequiredExports {
  /** One file of the source as ingested now, with its size in bytes (0: an empty file). */
  public record Delivered(Reconciliation rec, long bytes) {}

  private RequiredExports() {}

  /**
   * The problem of a required source whose files of the date hold no record, if so. Nothing when the source is
   * optional, when a file failed (that is its own problem) or was ingested before (it had records then).
   */
  public static Optional<Problem> empty(SourceMapping m, IngestSpec spec, List<Delivered> files) {
    if (!m.delivery().required() || m.delivery().allowEmpty() || files.isEmpty()
        || files.stream().anyMatch(f -> f.rec().failed() || f.rec().skipped() || f.rec().received() > 0)) {
      return Optional.empty();
    }
    List<String> why = files.stream().map(f -> f.rec().file() + " (" + why(m, f.bytes()) + ")").toList();
    String subject = files.size() == 1 ? files.get(0).rec().file() : spec.recordedName(m, m.delivery().file());
    return Optional.of(Problem.of(Problem.EXPORT_MISSING, subject, String.format("the required export of source "
        + "'%s' holds no records for batch date %s: %s, so its table keeps yesterday's data. Deliver the day's "
        + "export with its rows and run `leadscore ingest` again (or set required = false in leadscore.sources.%s "
        + "if a day without records is normal for it)", m.name(), spec.batchDate(), String.join(", ", why),
        m.name())));
  }

  private static String why(SourceMapping m, long bytes) {
    if (bytes == 0) {
      return "the file is empty, 0 bytes";
    }
    return switch (m.format()) {
      case "csv" -> "a header line without rows";
      case "jsonl" -> "no JSON lines";
      default -> "no rows";
    };
  }
}
