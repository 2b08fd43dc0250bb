package io.leadscore.ingest;

import java.util.List;

/**
 * Per file: received = accepted + quarantined, or the ingest fails. Accepted rows land in silver, or were
 * superseded there by a later row of the same business key ({@code duplicates}).
 *
 * @param newColumns     export columns no mapping knows (schema drift): kept in bronze, reported
 * @param missingColumns optional mapped columns the export lacks (loaded as null)
 * @param failure        why the whole file was not loaded (e.g. a required column is missing, the independent
 *                       record count disagrees with the parser's), else null
 * @param notes          what else a reader of the line should know (a corrected re-delivery, records with an
 *                       open quote)
 */
public record Reconciliation(String source, String file, long received, long accepted, long quarantined,
                             boolean skipped, long duplicates, List<String> newColumns,
                             List<String> missingColumns, String failure, List<String> notes) {
  public Reconciliation {
    newColumns = List.copyOf(newColumns);
    missingColumns = List.copyOf(missingColumns);
    notes = List.copyOf(notes);
  }

  public Reconciliation(String source, String file, long received, long accepted, long quarantined,
                        boolean skipped) {
    this(source, file, received, accepted, quarantined, skipped, 0, List.of(), List.of(), null, List.of());
  }

  public static Reconciliation failed(String source, String file, String failure) {
    return new Reconciliation(source, file, 0, 0, 0, false, 0, List.of(), List.of(), failure, List.of());
  }

  public boolean holds() {
    return received == accepted + quarantined;
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
    StringBuilder s = new StringBuilder(String.format("%-14s %s: received %d = accepted %d + quarantined %d%s",
        source, file, received, accepted, quarantined, holds() ? "" : "  MISMATCH"));
    if (duplicates > 0) {
      s.append(String.format(" (%d superseded by a later row of the same key)", duplicates));
    }
    if (!newColumns.isEmpty()) {
      s.append("; new columns (kept in bronze, not mapped): ").append(newColumns);
    }
    if (!missingColumns.isEmpty()) {
      s.append("; missing optional columns (loaded as null): ").append(missingColumns);
    }
    notes.forEach(n -> s.append("; ").append(n));
    return s.toString();
  }
}
