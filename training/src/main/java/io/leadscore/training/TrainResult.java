package io.leadscore.training;

import io.leadscore.training.metrics.FoldMetrics;
import java.util.List;
import java.util.Map;

/**
 * What a training run produced: the split, CV (mean ± std over the chosen grid point's folds), the
 * holdout metrics, the registered version, the promotion decision and where the run was recorded; the
 * engine that trained (native or distributed, and why) and what CV ran on ({@code cvMode}: "full" or the
 * sample and grid points the distributed engine cut it to).
 */
public record TrainResult(long trainRows, long holdoutRows, String holdoutKind, String holdoutDescription,
                          List<FoldMetrics> folds, double cvAuc, double cvAucStd, Map<String, Double> cvMean,
                          Map<String, Double> cvStd, FoldMetrics holdout, String chosenParams, int rounds,
                          int gridPoints, int fits, double cvSeconds, int version, boolean promoted, String decision,
                          List<String> leakageAlarms, String runId, String tracking, String engine,
                          String cvMode, String engineReason) {}
