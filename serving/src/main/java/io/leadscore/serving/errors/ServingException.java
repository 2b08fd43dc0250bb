package io.leadscore.serving.errors;

import io.leadscore.core.LeadscoreException;

/**
 * A failure of the serving module. {@link #status()} is the HTTP status a request failing with it answers
 * (400 bad input, 401/403/404/413/429 guard rails, 503 not ready); start-up failures use 0 (exit 2).
 */
public final class ServingException extends LeadscoreException {
  private final int status;
  private final long retryAfterSeconds;

  ServingException(int status, String message, long retryAfterSeconds, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int status() {
    return status;
  }

  /** Seconds for a Retry-After header (0: none). */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
