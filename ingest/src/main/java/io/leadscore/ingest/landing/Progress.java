package io.leadscore.ingest.landing;

/** A progress line: what finished, rows, seconds, rows/s; past 30 s of the whole step, an ETA by bytes done. */
public final class Progress {
  static final double ETA_AFTER_SECONDS = 30;

  private Progress() {}

  public static String line(String what, long rows, long startedNanos, long stepStartedNanos, long doneBytes,
                     long totalBytes) {
    double s = (System.nanoTime() - startedNanos) / 1e9;
    double step = (System.nanoTime() - stepStartedNanos) / 1e9;
    StringBuilder b = new StringBuilder(String.format("   %s: %,d rows in %.1f s (%,.0f rows/s)", what, rows, s,
        s > 0 ? rows / s : 0));
    if (step > ETA_AFTER_SECONDS && doneBytes > 0 && totalBytes > doneBytes) {
      b.append(String.format(", ETA %.0f s for the remaining %.0f%% of the bytes",
          step / doneBytes * (totalBytes - doneBytes), 100.0 * (totalBytes - doneBytes) / totalBytes));
    }
    return b.toString();
  }
}
