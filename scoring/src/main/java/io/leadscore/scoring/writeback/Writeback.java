package io.leadscore.scoring.writeback;

import io.leadscore.scoring.sink.CrmSink;
import io.leadscore.scoring.sink.CrmSink.ScoreUpdate;
import io.leadscore.scoring.sink.SinkException;
import io.leadscore.scoring.sink.UpdateBatch;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the changed updates to a sink in batches and records each confirmed batch in a ledger
 * ({@code crm_sync}), so a delivered update is never sent again and a failed one is offered again next run.
 *
 * <p>Bookkeeping happens only after the sink confirmed, every {@code checkpointBatches} batches and at the
 * end. A crash in between leaves confirmed-but-unrecorded batches; the next run rebuilds the same batches
 * (same leads in the same order, as the recorded ones are a prefix) with the same idempotency keys, and the
 * sinks' upsert/idempotency semantics make the repeat a no-op in the CRM.
 */
public final class Writeback {
  private static final Logger LOG = LoggerFactory.getLogger(Writeback.class);

  /** Where confirmed batches are recorded. */
  public interface Ledger {
    void record(List<UpdateBatch> confirmed);
  }

  /** What a delivery run achieved, in leads. Failed and pending leads are offered again on the next run. */
  public record Report(long delivered, long failed, long pending, int batches, int failedBatches,
                       List<String> errors) {}

  private final int checkpointBatches;
  private final int errorBudget;

  /**
   * @param checkpointBatches confirmed batches recorded together (1 = after every batch)
   * @param errorBudget       failed batches tolerated; one more stops the delivery, the rest stays pending
   */
  public Writeback(int checkpointBatches, int errorBudget) {
    if (checkpointBatches < 1 || errorBudget < 0) {
      throw new IllegalArgumentException("checkpointBatches must be >= 1 and errorBudget >= 0, got "
          + checkpointBatches + ", " + errorBudget);
    }
    this.checkpointBatches = checkpointBatches;
    this.errorBudget = errorBudget;
  }

  /** @param changed the changed updates in a stable order (by lead id), so batches are rebuilt identically */
  public Report deliver(Iterator<ScoreUpdate> changed, CrmSink sink, Ledger ledger) {
    List<UpdateBatch> confirmed = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    long delivered = 0;
    long failed = 0;
    long pending = 0;
    int batches = 0;
    int failedBatches = 0;
    while (changed.hasNext()) {
      List<ScoreUpdate> chunk = new ArrayList<>();
      while (changed.hasNext() && chunk.size() < sink.batchSize()) {
        chunk.add(changed.next());
      }
      if (failedBatches > errorBudget) {
        pending += chunk.size();
        continue;
      }
      UpdateBatch batch = UpdateBatch.of(chunk);
      batches++;
      try {
        sink.send(batch);
        delivered += batch.size();
        confirmed.add(batch);
        if (confirmed.size() >= checkpointBatches) {
          ledger.record(List.copyOf(confirmed));
          confirmed.clear();
        }
      } catch (SinkException e) {
        failed += batch.size();
        failedBatches++;
        errors.add("batch " + batch.key() + " (" + batch.size() + " leads): " + e.getMessage());
        LOG.warn("CRM batch {} of {} leads failed and stays pending: {}", batch.key(), batch.size(), e.getMessage());
        if (failedBatches > errorBudget) {
          LOG.warn("Error budget of {} failed batch(es) spent: delivery stops, the rest stays pending", errorBudget);
        }
      }
    }
    if (!confirmed.isEmpty()) {
      ledger.record(List.copyOf(confirmed));
    }
    return new Report(delivered, failed, pending, batches, failedBatches, List.copyOf(errors));
  }
}
