package io.leadscore.scoring.writeback;

import io.leadscore.scoring.errors.ScoringErrors;
import io.leadscore.scoring.sink.CrmSink;
import io.leadscore.scoring.sink.CrmSink.OwnerUpdate;
import io.leadscore.scoring.sink.CrmSink.ScoreUpdate;
import io.leadscore.scoring.sink.SinkException;
import io.leadscore.scoring.sink.UpdateBatch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers changes to a sink in batches, <em>effectively once</em> with an idempotent sink: every update the
 * CRM confirmed is recorded in {@code crm_sync}, and a crash or failure at any point converges on the next
 * run without applying any change twice.
 *
 * <p>The order that makes this hold:
 * <ol>
 *   <li>the batches left pending by an earlier run (crash, failure, error budget) are sent first, with their
 *       original keys: where the CRM already applied one, the repeat is a no-op;</li>
 *   <li>only then are new changes computed (against {@code crm_sync} as it now stands; leads still in a
 *       pending batch are left out, so an older pending value can never land after a newer one);</li>
 *   <li>the new batches, with their keys, are written to the pending ledger <em>before</em> any is sent;</li>
 *   <li>confirmed batches move from the pending ledger to {@code crm_sync} every {@code checkpointBatches}
 *       and at the end (recorded first, then removed from pending: a crash in between only re-sends).</li>
 * </ol>
 * A batch the CRM answered for good without applying all of it (a partial 2xx or a 4xx, see
 * {@link SinkException#definitive()}) is never sent again with the same key within or across runs: the
 * applied part is recorded, the rest is re-queued under a new key for the next run.
 */
public final class Writeback {
  private static final Logger LOG = LoggerFactory.getLogger(Writeback.class);

  /** Where batches are kept before sending ({@code crm_pending}) and recorded once confirmed ({@code crm_sync}). */
  public interface Ledger {
    /** The batches written before sending and not confirmed yet, in the order they were written. */
    List<UpdateBatch> pending();

    /** Replaces the pending ledger with these batches. */
    void savePending(List<UpdateBatch> batches);

    /** Records confirmed batches (or the confirmed part of one, under its key) in crm_sync. */
    void record(List<UpdateBatch> confirmed);
  }

  /**
   * One intended change: a score update or an owner update (the other null), and the key under which the lead's
   * previous value (score or owner) was confirmed.
   */
  public record Change(ScoreUpdate update, OwnerUpdate owner, String basis) {
    public Change {
      if ((update == null) == (owner == null)) {
        // guard: Batches makes each change from one update or one owner
        throw new IllegalArgumentException("a change is a score update or an owner update, exactly one");
      }
    }

    public Change(ScoreUpdate update, String basis) {
      this(update, null, basis);
    }

    public Change(OwnerUpdate owner, String basis) {
      this(null, owner, basis);
    }
  }

  /** The new changes, computed once the pending batches are settled. */
  public interface Changes {
    /** @param stillPending leads in a batch that is still pending: they must not be in the changes */
    Iterator<Change> after(Set<String> stillPending);
  }

  /**
   * What a delivery run achieved, in leads: delivered (confirmed), failed (offered, not confirmed), pending
   * (not offered: error budget spent), resent (of the batches an earlier run left pending). Failed and pending
   * leads are offered again on the next run. The failures are told without lead ids or CRM answers (both may be
   * personal data, and a report is kept for good): failed batches by {@link SinkException#kind()}, and their keys.
   */
  public record Report(long delivered, long failed, long pending, long resent, int batches, int failedBatches,
                       Map<String, Integer> errorKinds, List<String> failedKeys) {
    public Report {
      errorKinds = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(errorKinds));
      failedKeys = List.copyOf(failedKeys);
    }
  }

  private final int checkpointBatches;
  private final int errorBudget;

  /**
   * @param checkpointBatches confirmed batches recorded together (1 = after every batch)
   * @param errorBudget       failed batches tolerated; one more stops the delivery, the rest stays pending
   */
  public Writeback(int checkpointBatches, int errorBudget) {
    if (checkpointBatches < 1 || errorBudget < 0) {
      throw ScoringErrors.of("'leadscore.writeback.checkpoint_batches' is %d and 'leadscore.writeback.error_budget' "
          + "%d, but they must be >= 1 and >= 0", checkpointBatches, errorBudget);
    }
    this.checkpointBatches = checkpointBatches;
    this.errorBudget = errorBudget;
  }

  public Report deliver(Changes changes, CrmSink sink, Ledger ledger) {
    Run run = new Run(sink, ledger);
    List<UpdateBatch> earlier = ledger.pending();
    earlier.forEach(b -> run.live.put(b.key(), b));
    long resent = earlier.stream().mapToLong(UpdateBatch::size).sum();
    if (!earlier.isEmpty()) {
      LOG.info("Re-sending {} pending CRM batch(es) ({} leads) with their original keys", earlier.size(), resent);
    }
    run.sendAll(earlier);
    run.checkpoint();

    Set<String> stillPending = new HashSet<>();
    run.live.values().forEach(b -> stillPending.addAll(b.leadIds()));
    List<UpdateBatch> fresh = Batches.of(changes.after(stillPending), sink.batchSize());
    if (!fresh.isEmpty()) {
      fresh.forEach(b -> run.live.put(b.key(), b));
      ledger.savePending(List.copyOf(run.live.values()));
    }
    run.sendAll(fresh);
    run.checkpoint();
    return new Report(run.delivered, run.failed, run.pending, resent, run.batches, run.failedBatches,
        run.errorKinds, run.failedKeys);
  }

  /** The state of one delivery. */
  private final class Run {
    final CrmSink sink;
    final Ledger ledger;
    /** The pending ledger as it must be after the next checkpoint, by key, in order. */
    final Map<String, UpdateBatch> live = new LinkedHashMap<>();
    final List<UpdateBatch> confirmed = new ArrayList<>();
    final Map<String, Integer> errorKinds = new LinkedHashMap<>();
    final List<String> failedKeys = new ArrayList<>();
    boolean dirty;
    long delivered;
    long failed;
    long pending;
    int batches;
    int failedBatches;

    Run(CrmSink sink, Ledger ledger) {
      this.sink = sink;
      this.ledger = ledger;
    }

    void sendAll(List<UpdateBatch> toSend) {
      for (UpdateBatch b : toSend) {
        if (failedBatches > errorBudget) {
          pending += b.size();
          continue;
        }
        batches++;
        try {
          sink.send(b);
          delivered += b.size();
          confirm(b.key(), b);
        } catch (SinkException e) {
          failedBatches++;
          errorKinds.merge(e.kind(), 1, Integer::sum);
          failedKeys.add(b.key());
          // the kind only: the message may hold lead ids and the CRM's answer, which stay out of the logs an
          // operator keeps (enable DEBUG for this class to see them while fixing a sink)
          LOG.warn("CRM batch {} of {} leads failed: {}", b.key(), b.size(), e.kind());
          LOG.debug("CRM batch {} failed in detail: {}", b.key(), e.getMessage());
          if (e.definitive()) {
            settleDefinitive(b, e);
          } else {
            failed += b.size();
          }
          if (failedBatches > errorBudget) {
            LOG.warn("Error budget of {} failed batch(es) spent: delivery stops, the rest stays pending",
                errorBudget);
          }
        }
      }
    }

    /** The CRM's answer for this key is final: record what it applied, re-queue the rest under a new key. */
    private void settleDefinitive(UpdateBatch b, SinkException e) {
      Set<String> applied = e.applied().orElse(Set.of());
      UpdateBatch ok = b.part(applied);
      Set<String> notApplied = new HashSet<>(b.leadIds());
      notApplied.removeAll(applied);
      UpdateBatch rest = b.part(notApplied);
      live.remove(b.key());
      if (rest.size() > 0) {
        UpdateBatch again = b.requeued(rest);
        live.put(again.key(), again);
      }
      dirty = true;
      failed += rest.size();
      if (ok.size() > 0) {
        delivered += ok.size();
        confirm(null, ok);
      }
    }

    private void confirm(String liveKey, UpdateBatch b) {
      if (liveKey != null) {
        live.remove(liveKey);
      }
      confirmed.add(b);
      dirty = true;
      if (confirmed.size() >= checkpointBatches) {
        checkpoint();
      }
    }

    void checkpoint() {
      if (!confirmed.isEmpty()) {
        ledger.record(List.copyOf(confirmed));
        confirmed.clear();
      }
      if (dirty) {
        ledger.savePending(List.copyOf(live.values()));
        dirty = false;
      }
    }
  }
}
