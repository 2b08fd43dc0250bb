package io.leadscore.features.ingest;

/** Per file: received = accepted + quarantined, or the ingest fails. */
public record Reconciliation(String source, String file, long received, long accepted, long quarantined,
                             boolean skipped) {
  public boolean holds() {
    return received == accepted + quarantined;
  }

  public String line() {
    if (skipped) {
      return String.format("%-14s %s: already ingested, unchanged", source, file);
    }
    return String.format("%-14s %s: received %d = accepted %d + quarantined %d%s", source, file, received,
        accepted, quarantined, holds() ? "" : "  MISMATCH");
  }
}
