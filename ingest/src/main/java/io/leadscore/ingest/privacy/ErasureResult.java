package io.leadscore.ingest.privacy;

import java.util.List;
import java.util.Map;

/**
 * What an erasure (or a retention purge) did.
 *
 * @param requested  lead ids asked for
 * @param found      of those, leads that had at least one row somewhere
 * @param rows       rows removed per table
 * @param vacuumed   tables whose unreferenced files were removed (VACUUM, zero retention)
 * @param crmCleared leads whose CRM score was cleared
 * @param crmError   why the CRM clear failed (null when it did not); those leads keep their crm_sync row
 */
public record ErasureResult(long requested, long found, Map<String, Long> rows, List<String> vacuumed,
                            int crmCleared, String crmError) {
  public ErasureResult {
    rows = Map.copyOf(rows);
    vacuumed = List.copyOf(vacuumed);
  }

  public long totalRows() {
    return rows.values().stream().mapToLong(Long::longValue).sum();
  }
}
