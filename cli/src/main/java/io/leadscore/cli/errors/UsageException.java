package io.leadscore.cli.errors;

import io.leadscore.core.LeadscoreException;

/** A request the query commands refuse before touching any data (exit 2): a write, a bad option, an unknown table. */
public final class UsageException extends LeadscoreException {
  public UsageException(String message) {
    super(message);
  }
}
