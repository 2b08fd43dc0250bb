package io.leadscore.training.xgb;

import io.leadscore.training.XgbParams;
import io.leadscore.models.metrics.BinaryMetrics;
import io.leadscore.models.metrics.FoldMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Grid search by k-fold CV over lead-grouped folds. Each fit trains on the other folds' rows outside
 * the validation split, stops early on the validation split, and is scored on the held-out fold. The best
 * grid point is the one with the highest mean fold AUC (ties: the earlier point); its final round count
 * is the mean of its folds' early-stopping rounds.
 */
public final class CrossValidation {
  /** One grid point's folds. */
  public record Point(XgbParams params, List<FoldMetrics> folds, List<Integer> bestRounds, double seconds) {
    public double meanAuc() {
      return FoldMetrics.mean(folds, FoldMetrics::auc);
    }

    public int meanRounds() {
      return (int) Math.max(1, Math.round(bestRounds.stream().mapToInt(Integer::intValue).average().orElse(1)));
    }
  }

  /**
   * All grid points and the chosen one, with the chosen point's fold models (fold k's model never saw fold
   * k's rows; each predicts with its {@link NativeXgb.Fit#bestRounds()} trees). The caller disposes them
   * ({@link #dispose()}).
   */
  public record Result(List<Point> points, Point best, int fits, double seconds, List<NativeXgb.Fit> bestFits) {
    public Result {
      bestFits = List.copyOf(bestFits);
    }

    public void dispose() {
      bestFits.forEach(f -> f.booster().dispose());
    }
  }

  private final int folds;
  private final int earlyStoppingRounds;
  private final double topFraction;
  private final Function<XgbParams, Map<String, Object>> boosterParams;
  private final NegativeSampling sampling;

  public CrossValidation(int folds, int earlyStoppingRounds, double topFraction,
                         Function<XgbParams, Map<String, Object>> boosterParams) {
    this(folds, earlyStoppingRounds, topFraction, boosterParams, new NegativeSampling(1, 0));
  }

  /** With {@code sampling} applied to each fit's rows only (the validation split and the held-out fold stay whole). */
  public CrossValidation(int folds, int earlyStoppingRounds, double topFraction,
                         Function<XgbParams, Map<String, Object>> boosterParams, NegativeSampling sampling) {
    this.folds = folds;
    this.earlyStoppingRounds = earlyStoppingRounds;
    this.topFraction = topFraction;
    this.boosterParams = boosterParams;
    this.sampling = sampling;
  }

  public Result run(Rows train, List<XgbParams> grid) {
    long start = System.nanoTime();
    // split once: every grid point sees the same folds
    List<Rows> fitRows = new ArrayList<>();
    List<Rows> validRows = new ArrayList<>();
    List<Rows> testRows = new ArrayList<>();
    for (int k = 0; k < folds; k++) {
      Rows rest = train.foldOut(k);
      fitRows.add(sampling.apply(rest.validationSplit(false)));
      validRows.add(rest.validationSplit(true));
      testRows.add(train.foldIn(k));
    }
    List<Point> points = new ArrayList<>();
    Point best = null;
    List<NativeXgb.Fit> bestFits = List.of();
    for (XgbParams p : grid) {
      long t0 = System.nanoTime();
      List<FoldMetrics> fm = new ArrayList<>();
      List<Integer> rounds = new ArrayList<>();
      List<NativeXgb.Fit> fits = new ArrayList<>();
      for (int k = 0; k < folds; k++) {
        Rows test = testRows.get(k);
        NativeXgb.Fit fit = NativeXgb.fit(fitRows.get(k), validRows.get(k), boosterParams.apply(p), p.numRound(),
            earlyStoppingRounds);
        double[] scores = NativeXgb.predict(fit, test);
        fits.add(fit);
        fm.add(FoldMetrics.of(BinaryMetrics.of(scores, test.labels()), topFraction, test.daysToConvert()));
        rounds.add(fit.bestRounds());
      }
      Point point = new Point(p, fm, rounds, (System.nanoTime() - t0) / 1e9);
      points.add(point);
      // only the leading point's fold models are kept (out-of-fold scores of a static export come from them)
      if (best == null || point.meanAuc() > best.meanAuc()) {
        best = point;
        bestFits.forEach(f -> f.booster().dispose());
        bestFits = fits;
      } else {
        fits.forEach(f -> f.booster().dispose());
      }
    }
    return new Result(points, best, grid.size() * folds, (System.nanoTime() - start) / 1e9, bestFits);
  }
}
