package io.leadscore.cli.errors;

import io.leadscore.core.LeadscoreException;

/** An error of the command line (its options, the lakehouse views it reads); made by {@link CliErrors}. */
public final class CliException extends LeadscoreException {
  CliException(String message) {
    super(message);
  }

  CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
