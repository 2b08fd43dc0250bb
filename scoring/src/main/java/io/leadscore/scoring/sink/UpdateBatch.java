package io.leadscore.scoring.sink;

import io.leadscore.scoring.sink.CrmSink.ScoreUpdate;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A batch of updates and its idempotency key. The key is a hash of the batch content only (not of the run
 * or the time), so the same batch offered again in a later run, e.g. after a crash between delivery and
 * bookkeeping, carries the same key and the CRM can recognise it.
 */
public record UpdateBatch(String key, List<ScoreUpdate> updates) {
  public UpdateBatch {
    updates = List.copyOf(updates);
  }

  public static UpdateBatch of(List<ScoreUpdate> updates) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (ScoreUpdate u : updates) {
      // unit and record separators cannot occur in ids, tiers or sentences, so fields cannot run together
      sha.update((u.leadId() + '\u001f' + u.score() + '\u001f' + u.tier() + '\u001f'
          + String.join("\u001f", u.reasons()) + '\u001f' + u.modelVersion() + '\u001e')
          .getBytes(StandardCharsets.UTF_8));
    }
    return new UpdateBatch(HexFormat.of().formatHex(sha.digest()).substring(0, 32), updates);
  }

  public int size() {
    return updates.size();
  }
}
