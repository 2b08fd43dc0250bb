package io.leadscore.scoring.errors;

import io.leadscore.core.LeadscoreException;

/** A failure of the scoring module (settings, models, writeback): built only by {@link ScoringErrors}. */
public final class ScoringException extends LeadscoreException {
  ScoringException(String message) {
    super(message);
  }

  ScoringException(String message, Throwable cause) {
    super(message, cause);
  }
}
