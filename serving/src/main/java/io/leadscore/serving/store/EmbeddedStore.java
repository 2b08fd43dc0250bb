package io.leadscore.serving.store;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The default store: the last night in this process's memory, read from the gold tables by {@link Lakehouse}.
 * {@link #refresh} reloads it when a table's version moved (a new night, an erasure) and swaps it in whole, so a
 * request sees one night or the next, never a mix.
 */
public final class EmbeddedStore implements OnlineStore {
  /** Where nights come from: the gold tables ({@link Lakehouse}), or a test's hand-made nights. */
  public interface Source {
    Lakehouse.Versions versions();

    Lakehouse.Night load();
  }

  private final Source lakehouse;
  /** The night and its segment lookup, swapped together. */
  private record Loaded(Lakehouse.Night night, NightSegments segments) {
    static Loaded of(Lakehouse.Night n) {
      return new Loaded(n, n.leads() instanceof NightLeads columns
          ? new NightSegments(columns.features()) : new NightSegments(n.leads().values()));
    }
  }

  private final AtomicReference<Loaded> night = new AtomicReference<>();

  public EmbeddedStore(Source lakehouse) {
    this.lakehouse = lakehouse;
    night.set(Loaded.of(lakehouse.load()));
  }

  /** Reloads when the tables changed; true when it did. */
  public boolean refresh() {
    if (lakehouse.versions().equals(night().versions())) {
      return false;
    }
    night.set(Loaded.of(lakehouse.load()));
    return true;
  }

  public Lakehouse.Night night() {
    return night.get().night();
  }

  @Override
  public io.leadscore.features.gold.LeadFeatures.Segments segments() {
    return night.get().segments();
  }

  @Override
  public Optional<StoredLead> lead(String leadId) {
    return Optional.ofNullable(night().leads().get(leadId));
  }

  /** All from one night, even when a refresh swaps the next one in meanwhile. */
  @Override
  public java.util.Map<String, StoredLead> leads(java.util.Collection<String> ids) {
    java.util.Map<String, StoredLead> leads = night().leads();
    java.util.Map<String, StoredLead> out = new java.util.HashMap<>();
    for (String id : ids) {
      StoredLead l = leads.get(id);
      if (l != null) {
        out.put(id, l);
      }
    }
    return out;
  }

  @Override
  public boolean remote() {
    return false;
  }

  @Override
  public String problem() {
    return night().featureDate() == null ? "the features table holds no night yet" : null;
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
