package io.leadscore.scoring.sink;

import io.leadscore.core.LeadscoreException;
import java.util.Optional;
import java.util.Set;

/**
 * A batch the CRM did not confirm (whole). Two kinds, because they need different retries:
 * <ul>
 *   <li>not definitive (timeouts, 5xx, a crash): the CRM may not have seen the batch, so it stays pending and
 *       is offered again with the <em>same</em> key (a no-op where the CRM already applied it);</li>
 *   <li>definitive: the CRM gave its final answer for this key (a 4xx, or a 2xx that accepted only part of the
 *       batch). Offering the same key again would only replay that cached answer, so the rows not applied are
 *       offered next run under a new key. {@link #applied()} names the rows the CRM confirmed, when it said.</li>
 * </ul>
 * Each carries a {@link #kind()}: a short classification with no lead id and nothing the CRM answered (e.g.
 * {@code HTTP 422}, {@code timeout}, {@code SQLState 57014}), which is all that reaches the summary,
 * {@code job_runs} and the report. The message may hold the CRM's answer and lead ids: it goes to the debug log only.
 * A LeadscoreException, so that one escaping the writeback is reported as ours, not as an unexpected failure.
 */
public final class SinkException extends LeadscoreException {
  private final String kind;
  private final boolean definitive;
  private final Set<String> applied;

  public SinkException(String kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.definitive = false;
    this.applied = null;
  }

  public SinkException(String message, Throwable cause) {
    this("sink error", message, cause);
  }

  public SinkException(String kind, String message) {
    this(kind, message, null);
  }

  public SinkException(String message) {
    this(message, (Throwable) null);
  }

  private SinkException(String kind, String message, boolean definitive, Set<String> applied) {
    super(message);
    this.kind = kind;
    this.definitive = definitive;
    this.applied = applied == null ? null : Set.copyOf(applied);
  }

  /** The CRM refused the whole batch for good (for this key). */
  public static SinkException refused(String kind, String message) {
    return new SinkException(kind, message, true, null);
  }

  /** The CRM applied only the given lead ids of the batch, and said so row by row. */
  public static SinkException partial(String kind, String message, Set<String> appliedLeadIds) {
    return new SinkException(kind, message, true, appliedLeadIds);
  }

  /** What went wrong, without lead ids or the CRM's answer: safe for summaries, tables and reports. */
  public String kind() {
    return kind;
  }

  /** Whether the CRM's answer for this key is final (offering the same key again would replay it). */
  public boolean definitive() {
    return definitive;
  }

  /** The lead ids the CRM confirmed applied, when it answered row by row; empty when unknown or none. */
  public Optional<Set<String>> applied() {
    return Optional.ofNullable(applied);
  }
}
