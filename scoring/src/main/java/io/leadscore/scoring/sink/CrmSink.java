package io.leadscore.scoring.sink;

import java.time.LocalDate;
import java.util.List;

/**
 * Delivers batches of lead score updates to the CRM. Every implementation is idempotent by the batch's key:
 * a batch offered again (after a failure or a crash before bookkeeping) carries the same key and leaves the
 * CRM as if it had been delivered once (an upsert that skips unchanged rows, a key the CRM remembers, or an
 * import file whose key column the importer de-duplicates).
 */
public interface CrmSink {
  /**
   * One lead's update as the CRM sees it: a score, or a <em>clear</em> (score, tier and reasons empty, with
   * the reason of the clear, e.g. "opted out").
   *
   * @param score       0..100, null for a clear
   * @param tier        null for a clear
   * @param scoreDate   the batch date the value was scored for (a backfill never overwrites a newer one)
   * @param clearReason why the score was cleared; null for a score
   * @param action      the next best action for the rep, "" when no rule applies (and for a clear)
   */
  record ScoreUpdate(String leadId, Integer score, String tier, List<String> reasons, String modelVersion,
                     LocalDate scoreDate, String clearReason, String action) {
    public ScoreUpdate {
      reasons = List.copyOf(reasons);
      action = action == null ? "" : action;
      if ((score == null) != (clearReason != null)) {
        // guard: scores come from the score stage, clears from clear(), never both
        throw new IllegalArgumentException("an update of lead " + leadId + " is either a score or a clear with a "
            + "reason, got score " + score + " and clear reason " + clearReason);
      }
    }

    /** A score with its date and no next best action. */
    public ScoreUpdate(String leadId, Integer score, String tier, List<String> reasons, String modelVersion,
                       LocalDate scoreDate, String clearReason) {
      this(leadId, score, tier, reasons, modelVersion, scoreDate, clearReason, "");
    }

    /** A score without a score date (tests and callers that do not track dates). */
    public ScoreUpdate(String leadId, int score, String tier, List<String> reasons, String modelVersion) {
      this(leadId, score, tier, reasons, modelVersion, null, null, "");
    }

    /** The update that empties a lead's score, tier and reasons in the CRM and says why. */
    public static ScoreUpdate clear(String leadId, String reason, LocalDate date) {
      if (reason == null || reason.isBlank()) {
        // guard: the callers pass a fixed reason ("opted out", "erased", "retention")
        throw new IllegalArgumentException("a clear of lead " + leadId + " needs a reason, e.g. \"opted out\"");
      }
      return new ScoreUpdate(leadId, null, null, List.of(), null, date, reason, "");
    }

    public boolean isClear() {
      return clearReason != null;
    }
  }

  /**
   * A lead's owner as routing decided it: the rep, the routing date that assigned them and why ("tier A, territory
   * DE, Ana 12/20 today"). Delivered by the route stage, apart from the score (a batch carries one kind).
   */
  record OwnerUpdate(String leadId, String repId, LocalDate assignedOn, String reason) {
    public OwnerUpdate {
      if (leadId == null || repId == null || repId.isBlank() || assignedOn == null) {
        // guard: the route stage assigns only reps that Rep validated from the reps export
        throw new IllegalArgumentException("an owner update needs a lead, a rep and the assignment date, got lead "
            + leadId + ", rep " + repId + ", date " + assignedOn);
      }
      reason = reason == null ? "" : reason;
    }
  }

  /** Whether this sink is configured to deliver owners (the jdbc sink needs an owner column). */
  default boolean carriesOwners() {
    return true;
  }

  /** The most updates one {@link #send} takes. */
  int batchSize();

  /**
   * Delivers one batch; returns only once the CRM confirmed all of it.
   *
   * @throws SinkException when the batch was not (or not surely, or only partly) applied; see
   *     {@link SinkException#definitive()} and {@link SinkException#applied()}
   */
  void send(UpdateBatch batch);

  /** Where the updates go, for the run summary; never contains a secret. */
  String target();
}
