package io.leadscore.ingest;

import java.util.List;

/**
 * Per file: received = accepted + quarantined, or the ingest fails. Accepted rows land in silver, or were
 * superseded there by a later row of the same business key ({@code duplicates}).
 *
 * @param rows    what the file held and where its rows went
 * @param skipped the same file (name and content) was ingested before: nothing was done
 * @param drift   how the export's columns differ from its mapping
 * @param failure why the whole file was not loaded (e.g. a required column is missing, the independent
 *                record count disagrees with the parser's), else null
 * @param notes   what else a reader of the line should know (a corrected re-delivery, records with an
 *                open quote)
 */
public record Reconciliation(String source, String file, RowCounts rows, boolean skipped, ColumnDrift drift,
                             String failure, List<String> notes) {
  /** The file's records: received = accepted + quarantined; {@code duplicates} of the accepted were superseded. */
  public record RowCounts(long received, long accepted, long quarantined, long duplicates) {
    public static final RowCounts NONE = new RowCounts(0, 0, 0, 0);
  }

  /**
   * @param newColumns     export columns no mapping knows (schema drift): kept in bronze, reported
   * @param missingColumns optional mapped columns the export lacks (loaded as null)
   */
  public record ColumnDrift(List<String> newColumns, List<String> missingColumns) {
    public static final ColumnDrift NONE = new ColumnDrift(List.of(), List.of());

    public ColumnDrift {
      newColumns = List.copyOf(newColumns);
      missingColumns = List.copyOf(missingColumns);
    }
  }

  public Reconciliation {
    notes = List.copyOf(notes);
  }

  /** A file loaded now. */
  public static Reconciliation loaded(String source, String file, RowCounts rows, ColumnDrift drift,
                                      List<String> notes) {
    return new Reconciliation(source, file, rows, false, drift, null, notes);
  }

  /** A file ingested before, by a run that recorded it in bronze. */
  public static Reconciliation alreadyIngested(String source, String file) {
    return new Reconciliation(source, file, RowCounts.NONE, true, ColumnDrift.NONE, null, List.of());
  }

  public static Reconciliation failed(String source, String file, String failure) {
    return new Reconciliation(source, file, RowCounts.NONE, false, ColumnDrift.NONE, failure, List.of());
  }

  public long received() {
    return rows.received();
  }

  public long accepted() {
    return rows.accepted();
  }

  public long quarantined() {
    return rows.quarantined();
  }

  public long duplicates() {
    return rows.duplicates();
  }

  public List<String> newColumns() {
    return drift.newColumns();
  }

  public List<String> missingColumns() {
    return drift.missingColumns();
  }

  public boolean holds() {
    return received() == accepted() + quarantined();
  }

  public boolean failed() {
    return failure != null;
  }

  public String line() {
    if (failed()) {
      return String.format("%-14s %s: FAILED, not loaded: %s", source, file, failure);
    }
    if (skipped) {
      return String.format("%-14s %s: already ingested, unchanged", source, file);
    }
    // no "mismatch" variant: IngestJob fails the run on a reconciliation that does not hold, before any line
    StringBuilder s = new StringBuilder(String.format("%-14s %s: received %d = accepted %d + quarantined %d",
        source, file, received(), accepted(), quarantined()));
    if (duplicates() > 0) {
      s.append(String.format(" (%d superseded by a later row of the same key)", duplicates()));
    }
    if (!newColumns().isEmpty()) {
      s.append("; new columns (kept in bronze, not mapped): ").append(newColumns());
    }
    if (!missingColumns().isEmpty()) {
      s.append("; missing optional columns (loaded as null): ").append(missingColumns());
    }
    notes.forEach(n -> s.append("; ").append(n));
    return s.toString();
  }
}
