package io.leadscore.monitoring;

import io.leadscore.core.LeadscoreException;

/** A failure of the monitoring module (settings, report, webhook): built only by {@link MonitoringErrors}. */
public final class MonitoringException extends LeadscoreException {
  MonitoringException(String message) {
    super(message);
  }

  MonitoringException(String message, Throwable cause) {
    super(message, cause);
  }
}
