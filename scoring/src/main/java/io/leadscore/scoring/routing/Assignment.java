package io.leadscore.scoring.routing;

/**
 * What routing decided for one lead.
 *
 * @param repId  the assigned (or kept) rep; null for a lead in the fallback queue
 * @param reason why, for the rep and the manager ("tier A, territory DE, Ana 12/20 today")
 */
public record Assignment(String leadId, Outcome outcome, String repId, String reason) {
  /** ASSIGNED: a new owner; KEPT: the current owner is active; QUEUED: nobody had room (fallback queue). */
  public enum Outcome { ASSIGNED, KEPT, QUEUED }
}
