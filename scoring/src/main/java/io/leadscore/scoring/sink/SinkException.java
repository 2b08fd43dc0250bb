package io.leadscore.scoring.sink;

/** A batch the CRM did not confirm; the batch stays pending and is offered again on the next run. */
public final class SinkException extends RuntimeException {
  public SinkException(String message, Throwable cause) {
    super(message, cause);
  }

  public SinkException(String message) {
    super(message);
  }
}
