package io.leadscore.scoring.sink;

import java.util.List;

/**
 * Delivers batches of changed lead scores to the CRM. Every implementation is idempotent: a batch offered
 * again (after a failure or a crash before bookkeeping) carries the same key and leaves the CRM as if it
 * had been delivered once (upsert that skips unchanged rows, idempotency key, or a file named by the key).
 */
public interface CrmSink {
  /** One lead's update as the CRM sees it; {@code action} is the next best action, "" when none applies. */
  record ScoreUpdate(String leadId, int score, String tier, List<String> reasons, String modelVersion,
                     String action) {
    public ScoreUpdate {
      reasons = List.copyOf(reasons);
      action = action == null ? "" : action;
    }

    public ScoreUpdate(String leadId, int score, String tier, List<String> reasons, String modelVersion) {
      this(leadId, score, tier, reasons, modelVersion, "");
    }
  }

  /** The most updates one {@link #send} takes. */
  int batchSize();

  /**
   * Delivers one batch; returns only once the CRM confirmed all of it.
   *
   * @throws SinkException when the batch was not (or not surely) applied; it stays pending for the next run
   */
  void send(UpdateBatch batch);

  /** Where the updates go, for the run summary; never contains a secret. */
  String target();
}
