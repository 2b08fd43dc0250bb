package io.leadscore.training.errors;

import io.leadscore.core.LeadscoreException;

/**
 * A failure of the training module (a bad training setting, an unusable training set, a registry or run
 * record that cannot be read or written). Built only by {@link TrainingErrors}, so messages stay alike.
 */
public final class TrainingException extends LeadscoreException {
  TrainingException(String message) {
    super(message);
  }

  TrainingException(String message, Throwable cause) {
    super(message, cause);
  }
}
