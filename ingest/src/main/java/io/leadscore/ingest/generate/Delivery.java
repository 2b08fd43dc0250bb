package io.leadscore.ingest.generate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Which window of the generated world an export shows. The world is fixed by its seed and its {@code anchor}
 * (the date of the first delivery: its history is the {@code history_days} before it); an export at {@code to}
 * holds what happened before {@code to}: all of it (a full export, {@code since} null), or only what happened
 * in {@code [since, to)} (a daily export: new leads, leads and accounts modified in the window, the window's
 * events, activities, closed opportunities and consent changes).
 */
public record Delivery(LocalDate anchor, LocalDate since, LocalDate to) {
  public Delivery {
    if (since != null && !since.isBefore(to)) {
      // guard: the generator's world passes the previous export date, always before this one
      throw new IllegalArgumentException("a daily export's window [" + since + ", " + to + ") is empty");
    }
  }

  /** The first delivery of a world: a full export at its anchor (what {@code generate} always wrote before). */
  public static Delivery first(LocalDate date) {
    return new Delivery(date, null, date);
  }

  public boolean full() {
    return since == null;
  }

  Instant fromInstant() {
    return since == null ? Instant.MIN : since.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  Instant toInstant() {
    return to.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  Instant anchorInstant() {
    return anchor.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** True when something that happened at {@code t} is in this export. */
  boolean shows(Instant t) {
    return !t.isBefore(fromInstant()) && t.isBefore(toInstant());
  }
}
