package io.leadscore.features.gold;

/**
 * What a night's refresh of the stored training snapshots did.
 *
 * @param everyRow  whether every stored row was compared (no usable state)
 * @param pairs     otherwise, the (lead, date) pairs compared
 * @param rewritten the stored rows whose attribute columns were rewritten
 * @param added     rows added: leads open at a stored date that arrived after it was stored
 * @param removed   rows removed: leads no longer open at a stored date (a closing that arrived late)
 */
public record StoredRefresh(boolean everyRow, long pairs, long rewritten, long added, long removed) {
  public static final StoredRefresh NONE = new StoredRefresh(false, 0, 0, 0, 0);

  /** The pairs compared, or -1 for every row. */
  public long compared() {
    return everyRow ? -1 : pairs;
  }
}
