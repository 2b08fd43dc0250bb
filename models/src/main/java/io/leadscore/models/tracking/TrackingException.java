package io.leadscore.models.tracking;

/** The tracking server could not take the run (unreachable, 5xx, or a refused request). */
public class TrackingException extends RuntimeException {
  public TrackingException(String message, Throwable cause) {
    super(message, cause);
  }

  public TrackingException(String message) {
    super(message);
  }
}
