package io.leadscore.features;

import io.leadscore.core.LeadscoreException;

/** An error of the features module (catalogue, snapshots, training set, leakage report); made by {@link FeaturesErrors}. */
public final class FeaturesException extends LeadscoreException {
  FeaturesException(String message) {
    super(message);
  }

  FeaturesException(String message, Throwable cause) {
    super(message, cause);
  }
}
