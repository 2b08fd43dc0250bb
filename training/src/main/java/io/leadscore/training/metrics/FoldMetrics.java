package io.leadscore.training.metrics;

import java.util.List;

/** The metrics of one evaluation (a CV fold or the holdout). */
public record FoldMetrics(int rows, double baseRate, double auc, double precisionAtTop, double recallAtTop,
                          double liftAtTop, double brier, double logLoss) {
  public static FoldMetrics of(BinaryMetrics m, double topFraction) {
    return new FoldMetrics(m.size(), m.baseRate(), m.auc(), m.precisionAt(topFraction), m.recallAt(topFraction),
        m.liftAt(topFraction), m.brier(), m.logLoss());
  }

  public static double mean(List<FoldMetrics> folds, java.util.function.ToDoubleFunction<FoldMetrics> f) {
    return folds.stream().mapToDouble(f).average().orElse(Double.NaN);
  }

  /** Sample standard deviation across folds. */
  public static double std(List<FoldMetrics> folds, java.util.function.ToDoubleFunction<FoldMetrics> f) {
    double mean = mean(folds, f);
    if (folds.size() < 2) {
      return 0;
    }
    double ss = folds.stream().mapToDouble(x -> Math.pow(f.applyAsDouble(x) - mean, 2)).sum();
    return Math.sqrt(ss / (folds.size() - 1));
  }
}
