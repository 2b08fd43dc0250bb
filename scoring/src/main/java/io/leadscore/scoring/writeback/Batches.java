package io.leadscore.scoring.writeback;

import io.leadscore.scoring.sink.CrmSink.OwnerUpdate;
import io.leadscore.scoring.sink.CrmSink.ScoreUpdate;
import io.leadscore.scoring.sink.UpdateBatch;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** How {@link Writeback} cuts the changes into batches with their keys. */
final class Batches {
  private Batches() {}

  /** Batches of at most {@code size} changes, each of one kind (a change of the other kind starts a new batch). */
  static List<UpdateBatch> of(Iterator<Writeback.Change> changes, int size) {
    List<UpdateBatch> out = new ArrayList<>();
    List<ScoreUpdate> updates = new ArrayList<>();
    List<OwnerUpdate> owners = new ArrayList<>();
    List<String> bases = new ArrayList<>();
    while (changes.hasNext()) {
      Writeback.Change c = changes.next();
      if (bases.size() == size || (c.owner() == null ? !owners.isEmpty() : !updates.isEmpty())) {
        out.add(batch(updates, owners, bases));
      }
      if (c.owner() == null) {
        updates.add(c.update());
      } else {
        owners.add(c.owner());
      }
      bases.add(c.basis());
    }
    if (!bases.isEmpty()) {
      out.add(batch(updates, owners, bases));
    }
    return out;
  }

  /** The batch of what was gathered; empties the lists for the next one. */
  private static UpdateBatch batch(List<ScoreUpdate> updates, List<OwnerUpdate> owners, List<String> bases) {
    UpdateBatch b = owners.isEmpty() ? UpdateBatch.of(List.copyOf(updates), List.copyOf(bases))
        : UpdateBatch.ofOwners(List.copyOf(owners), List.copyOf(bases));
    updates.clear();
    owners.clear();
    bases.clear();
    return b;
  }

}
