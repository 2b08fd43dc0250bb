package io.leadscore.monitoring;

import java.util.Map;

/**
 * The performance realised on one score date by one model version, once its label horizon has closed (a row
 * of {@code gold/performance}).
 *
 * @param baselineAuc  the version's holdout AUC when it was trained (NaN when unknown)
 * @param tierExpected per tier, the mean predicted probability of its leads
 * @param tierObserved per tier, the share that converted within the horizon
 */
public record PerformanceRow(String scoreDate, String modelVersion, long n, long positives, double auc,
                             double precisionAt20, double lift, double baselineAuc, Map<String, Double> tierExpected,
                             Map<String, Double> tierObserved, Map<String, Long> tierRows) {}
