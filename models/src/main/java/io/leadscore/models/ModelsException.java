package io.leadscore.models;

import io.leadscore.core.LeadscoreException;

/** A failure of the models module (registry, cards, contracts, scorer, settings): built only by {@link ModelsErrors}. */
public final class ModelsException extends LeadscoreException {
  ModelsException(String message) {
    super(message);
  }

  ModelsException(String message, Throwable cause) {
    super(message, cause);
  }
}
