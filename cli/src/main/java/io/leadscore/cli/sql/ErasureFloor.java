package io.leadscore.cli.sql;

import io.leadscore.cli.errors.UsageException;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * The oldest version of a table that {@code leadscore sql} reads once leads have been erased: the table's first
 * version committed after the latest erasure ({@code erasures.erased_at}), or its current version when none has
 * been committed since. Older versions ({@code name@vN}, {@code --as-of}) are refused with exit 2.
 *
 * <p>Why that version: an erasure deletes the lead's rows (a new version of each table), removes the files only
 * older versions used, and records {@code erased_at} after that, so any version committed before {@code erased_at}
 * may hold an erased lead, and its files are gone. The erasure's own delete version is refused too (it is
 * committed before {@code erased_at} and time alone cannot tell it from the version before it) unless it is
 * current. The rule applies to every table, also those that held no erased row: simple, and never too lax.
 *
 * @param committed when {@code version} was committed: an {@code --as-of} time before it reads an older version
 */
public record ErasureFloor(String table, long version, Instant committed, Instant erasedAt) {
  /**
   * @param commits every version of the table with its commit time (ascending versions)
   * @return empty when nothing was erased or the table has no versions
   */
  public static Optional<ErasureFloor> of(String table, NavigableMap<Long, Instant> commits, Instant erasedAt) {
    if (erasedAt == null || commits.isEmpty()) {
      return Optional.empty();
    }
    Map.Entry<Long, Instant> floor = commits.lastEntry();
    for (Map.Entry<Long, Instant> e : commits.entrySet()) {
      if (e.getValue().isAfter(erasedAt)) {
        floor = e;
        break;
      }
    }
    return Optional.of(new ErasureFloor(table, floor.getKey(), floor.getValue(), erasedAt));
  }

  /** Refuses (exit 2) a version older than the floor. */
  public void checkVersion(long requested) {
    if (requested < version) {
      throw refused(table + "@v" + requested);
    }
  }

  /** Refuses (exit 2) a time at which a version older than the floor was current. */
  public void checkTime(String asOf, Instant requested) {
    if (requested.isBefore(committed)) {
      throw refused(table + " as of " + asOf);
    }
  }

  private UsageException refused(String what) {
    return new UsageException("Refused: " + what + " is older than the last erasure of leads (" + erasedAt
        + "): earlier versions may hold erased leads and their files are removed. The oldest readable version of "
        + table + " is v" + version + " (committed " + committed + "): use " + table + "@v" + version
        + " or later, or --as-of " + version + " or a later time.");
  }
}
