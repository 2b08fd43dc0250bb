package io.leadscore.training.search;

import java.util.function.LongSupplier;

/**
 * A search's time budget: the first trial always runs; a later one starts only when the time spent so far plus
 * the slowest trial yet still fits the budget, so a search ends within it unless one trial alone is longer.
 * 0 seconds = no budget.
 */
public final class SearchBudget {
  private final double seconds;
  private final LongSupplier nanos;
  private final long start;
  private double slowest;
  private int done;

  public SearchBudget(double seconds, LongSupplier nanos) {
    this.seconds = seconds;
    this.nanos = nanos;
    this.start = nanos.getAsLong();
  }

  /** A budget on the wall clock. */
  public static SearchBudget of(double seconds) {
    return new SearchBudget(seconds, System::nanoTime);
  }

  /** No budget: every candidate runs. */
  public static SearchBudget none() {
    return of(0);
  }

  /** Whether the next trial may start. */
  public boolean mayStart() {
    return done == 0 || seconds <= 0 || elapsed() + slowest <= seconds;
  }

  /** A trial ended after {@code trialSeconds}. */
  public void finished(double trialSeconds) {
    done++;
    slowest = Math.max(slowest, trialSeconds);
  }

  public double elapsed() {
    return (nanos.getAsLong() - start) / 1e9;
  }

  /** Trials finished. */
  public int done() {
    return done;
  }
}
