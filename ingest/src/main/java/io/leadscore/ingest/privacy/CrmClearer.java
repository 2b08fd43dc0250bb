package io.leadscore.ingest.privacy;

import java.util.List;

/**
 * Tells the CRM to clear the score of leads that leave the lakehouse (erased or past retention). The features
 * module has no CRM client: the command line plugs in one built on the configured CRM sink.
 */
public interface CrmClearer {
  /** Clears nothing: for runs with no CRM, and tests. */
  CrmClearer NONE = (leadIds, reason) -> 0;

  /**
   * Clears the score, tier and reasons of these leads in the CRM; returns once the CRM confirmed.
   *
   * @return how many leads were cleared
   * @throws RuntimeException when the CRM did not confirm; the caller keeps the leads' {@code crm_sync} rows so
   *                          that the next run retries
   */
  int clear(List<String> leadIds, String reason);
}
