package io.leadscore.serving;

import io.leadscore.serving.guard.FieldRules;
import io.leadscore.serving.guard.ScoreCache;
import io.leadscore.serving.store.LeadScore;
import io.leadscore.serving.store.OnlineStore;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * What {@link ScoreService} is built from.
 *
 * @param fallback the night's score of a lead when the store cannot answer (null: none)
 * @param lookups  where remote store lookups run, so that the request thread can stop waiting at the deadline
 */
public record ServingParts(OnlineStore store, Function<String, LeadScore> fallback, LeadScorer scorer,
                           FieldRules rules, ScoreCache<ScoreAnswer> cache, ExecutorService lookups,
                           Metrics metrics) {}
