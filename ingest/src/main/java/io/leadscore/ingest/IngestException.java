package io.leadscore.ingest;

import io.leadscore.core.LeadscoreException;

/** What the ingest module raises: a bad source mapping, a bad export, a landing folder that cannot be read. */
public class IngestException extends LeadscoreException {
  IngestException(String message) {
    super(message);
  }

  IngestException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * An export that cannot be ingested as a whole (a required column missing, not in its declared encoding, a
   * record count that disagrees with the parser's): this file fails, the other files still load.
   */
  public static final class FileFailure extends IngestException {
    FileFailure(String message) {
      super(message);
    }
  }
}
