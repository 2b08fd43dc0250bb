package io.leadscore.training;

import io.leadscore.training.metrics.FoldMetrics;
import java.util.List;

/** What a training run produced: CV and holdout metrics, the registered version and the promotion decision. */
public record TrainResult(long trainRows, long holdoutRows, List<FoldMetrics> folds, double cvAuc, double cvAucStd,
                          FoldMetrics holdout, int version, boolean promoted, String decision) {}
