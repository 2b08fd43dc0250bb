package io.leadscore.serving.store;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The default store: the last night in this process's memory, read from the gold tables by {@link Lakehouse}.
 * {@link #refresh} reloads it when a table's version moved (a new night, an erasure) and swaps it in whole, so a
 * request sees one night or the next, never a mix.
 */
public final class EmbeddedStore implements OnlineStore {
  private final Lakehouse lakehouse;
  private final AtomicReference<Lakehouse.Night> night = new AtomicReference<>();

  public EmbeddedStore(Lakehouse lakehouse) {
    this.lakehouse = lakehouse;
    night.set(lakehouse.load());
  }

  /** Reloads when the tables changed; true when it did. */
  public boolean refresh() {
    if (lakehouse.versions().equals(night.get().versions())) {
      return false;
    }
    night.set(lakehouse.load());
    return true;
  }

  public Lakehouse.Night night() {
    return night.get();
  }

  @Override
  public Optional<StoredLead> lead(String leadId) {
    return Optional.ofNullable(night.get().leads().get(leadId));
  }

  @Override
  public boolean remote() {
    return false;
  }

  @Override
  public String problem() {
    return night.get().featureDate() == null ? "the features table holds no night yet" : null;
  }

  @Override
  public String describe() {
    return "embedded";
  }

  @Override
  public void close() {
    // memory only
  }
}
