package io.leadscore.models.tracking;

import io.leadscore.core.LeadscoreException;

/**
 * The tracking server could not take the run (unreachable, 5xx, or a refused request). A LeadscoreException: its
 * message names the server and the way out, so the command line reports it as ours, not as an unexpected failure.
 */
public class TrackingException extends LeadscoreException {
  public TrackingException(String message, Throwable cause) {
    super(message, cause);
  }

  public TrackingException(String message) {
    super(message);
  }
}
