package io.leadscore.scoring;

import java.util.Map;

/** What a scoring run did: leads scored (by tier), not scored (by reason), and the CRM delivery. */
public record ScoreResult(long scored, Map<String, Long> byTier, Map<String, Long> notScored, long delivered,
                          long failed, String target, String modelVersion) {}
