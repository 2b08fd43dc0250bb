package io.leadscore.scoring.sink;

import io.leadscore.core.Sha256;
import io.leadscore.scoring.sink.CrmSink.OwnerUpdate;
import io.leadscore.scoring.sink.CrmSink.ScoreUpdate;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * A batch of updates and its idempotency key. The key identifies the <em>intended change</em>, not the
 * content alone: it hashes, per lead, the new values, the score date and the basis (the key under which the
 * CRM confirmed the lead's previous value). So the same change offered again (a retry, or a resend after a
 * crash) carries the same key and is a no-op, while a genuinely new change always gets a new key, even when
 * its values repeat older ones (A, then B, then A again).
 *
 * <p>A batch carries one kind of update: scores and clears ({@code updates}), or owners ({@code owners}, from the
 * route stage), so that a sink writes each kind where the CRM takes it (its own import file, columns, body field).
 */
public record UpdateBatch(String key, List<ScoreUpdate> updates, List<OwnerUpdate> owners) {
  public UpdateBatch {
    updates = List.copyOf(updates);
    owners = List.copyOf(owners);
    if (!updates.isEmpty() && !owners.isEmpty()) {
      // guard: the factories below make a batch of one kind
      throw new IllegalArgumentException("batch " + key + " mixes " + updates.size() + " score updates and "
          + owners.size() + " owner updates: a batch carries one kind");
    }
  }

  public UpdateBatch(String key, List<ScoreUpdate> updates) {
    this(key, updates, List.of());
  }

  /**
   * A batch of owners.
   *
   * @param bases per owner, the key under which the CRM confirmed that lead's previous owner ("" if none)
   */
  public static UpdateBatch ofOwners(List<OwnerUpdate> owners, List<String> bases) {
    if (bases.size() != owners.size()) {
      // guard: the ledger gives one basis per owner
      throw new IllegalArgumentException(owners.size() + " owners but " + bases.size() + " bases");
    }
    MessageDigest sha = sha256();
    for (int i = 0; i < owners.size(); i++) {
      OwnerUpdate o = owners.get(i);
      sha.update(("owner\u001f" + o.leadId() + '\u001f' + o.repId() + '\u001f' + o.assignedOn() + '\u001f'
          + o.reason() + '\u001f' + bases.get(i) + '\u001e').getBytes(StandardCharsets.UTF_8));
    }
    return new UpdateBatch(hex(sha.digest()), List.of(), owners);
  }

  public boolean isOwners() {
    return !owners.isEmpty();
  }

  /** The leads of the batch, in order. */
  public List<String> leadIds() {
    return isOwners() ? owners.stream().map(OwnerUpdate::leadId).toList()
        : updates.stream().map(ScoreUpdate::leadId).toList();
  }

  /** The updates of these leads only, under this batch's key (the part of a batch the CRM confirmed). */
  public UpdateBatch part(Set<String> leads) {
    return new UpdateBatch(key, updates.stream().filter(u -> leads.contains(u.leadId())).toList(),
        owners.stream().filter(o -> leads.contains(o.leadId())).toList());
  }

  /** A batch of first deliveries (no lead has a confirmed previous value). */
  public static UpdateBatch of(List<ScoreUpdate> updates) {
    return of(updates, Collections.nCopies(updates.size(), ""));
  }

  /**
   * @param bases per update, the key under which the CRM confirmed that lead's previous value ("" if none)
   */
  public static UpdateBatch of(List<ScoreUpdate> updates, List<String> bases) {
    if (bases.size() != updates.size()) {
      // guard: the ledger gives one basis per update
      throw new IllegalArgumentException(updates.size() + " updates but " + bases.size() + " bases");
    }
    MessageDigest sha = sha256();
    for (int i = 0; i < updates.size(); i++) {
      ScoreUpdate u = updates.get(i);
      // unit and record separators cannot occur in ids, tiers or sentences, so fields cannot run together
      sha.update((u.leadId() + '\u001f' + u.score() + '\u001f' + u.tier() + '\u001f'
          + String.join("\u001f", u.reasons()) + '\u001f' + u.modelVersion() + '\u001f' + u.scoreDate()
          + '\u001f' + u.clearReason() + '\u001f' + bases.get(i) + '\u001e').getBytes(StandardCharsets.UTF_8));
    }
    return new UpdateBatch(hex(sha.digest()), updates);
  }

  /**
   * The same updates (or a part of them) under a new key derived from this one: what is offered after the
   * CRM gave a final answer for this key (a partial 2xx or a refusal), which the same key would only replay.
   */
  public UpdateBatch requeued(List<ScoreUpdate> rest) {
    return requeued(new UpdateBatch(key, rest));
  }

  /** {@link #requeued(List)} for a part of this batch of either kind (see {@link #part}). */
  public UpdateBatch requeued(UpdateBatch rest) {
    MessageDigest sha = sha256();
    sha.update(("requeue\u001f" + key + '\u001e').getBytes(StandardCharsets.UTF_8));
    rest.leadIds().forEach(id -> sha.update((id + '\u001e').getBytes(StandardCharsets.UTF_8)));
    return new UpdateBatch(hex(sha.digest()), rest.updates(), rest.owners());
  }

  public int size() {
    return updates.size() + owners.size();
  }

  private static MessageDigest sha256() {
    return Sha256.digest();
  }

  private static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest).substring(0, 32);
  }
}
