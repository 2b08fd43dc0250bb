package io.leadscore.serving.store;

import java.time.LocalDate;
import java.util.Map;

/**
 * What the online store holds per lead: its latest {@code features} row (no raw PII: gold has none), the
 * night's score, and why it may not be scored (null: it may).
 *
 * @param features    the features row by column name (numbers, strings, booleans; nulls left out)
 * @param nightly     the lead's {@code lead_scores} row of the latest night, or null (not scored that night)
 * @param blocked     the consent reason ("opted out") when the lead may not be profiled, else null
 */
public record StoredLead(String leadId, Map<String, Object> features, LocalDate featureDate, LeadScore nightly,
                         String blocked) {
  public StoredLead {
    features = Map.copyOf(features);
  }
}
