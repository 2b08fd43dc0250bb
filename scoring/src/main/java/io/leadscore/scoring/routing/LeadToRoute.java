package io.leadscore.scoring.routing;

/**
 * A scored lead that routing may assign.
 *
 * @param owner the lead's current owner's rep id in the CRM; null when it has none
 * @param score 0-100: hotter leads are routed first while capacity lasts
 */
public record LeadToRoute(String leadId, String tier, String territory, String owner, int score) {}
