package io.leadscore.training.xgb;

import io.leadscore.training.search.XgbParams;
import io.leadscore.models.metrics.BinaryMetrics;
import io.leadscore.models.metrics.FoldMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The parameter search (grid points or random candidates, in order) by k-fold CV over lead-grouped folds. Each
 * fit trains on the other folds' rows outside the validation split, stops early on the validation split, and is
 * scored on the held-out fold. The best candidate is the one with the highest mean fold AUC (ties: the earlier
 * one); its final round count is the mean of its folds' early-stopping rounds.
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
  public record Result(List<Point> points, Point best, int fits, double seconds, List<NativeXgb.Fit> bestFits,
                       OutOfFold outOfFold) {
    public Result {
      bestFits = List.copyOf(bestFits);
    }

    /** Without out-of-fold predictions. */
    public Result(List<Point> points, Point best, int fits, double seconds, List<NativeXgb.Fit> bestFits) {
      this(points, best, fits, seconds, bestFits, OutOfFold.NONE);
    }

    public void dispose() {
      bestFits.forEach(f -> f.booster().dispose());
    }
  }

  /**
   * The chosen point's predictions of every training row by the fold model that did not see it (fold by fold):
   * what calibration is fitted on.
   */
  public record OutOfFold(double[] scores, double[] labels) {
    public static final OutOfFold NONE = new OutOfFold(new double[0], new double[0]);

    /** Concatenates per-fold {scores, labels}. */
    public static OutOfFold of(List<double[]> scores, List<double[]> labels) {
      int n = scores.stream().mapToInt(a -> a.length).sum();
      double[] s = new double[n];
      double[] y = new double[n];
      int i = 0;
      for (int k = 0; k < scores.size(); k++) {
        System.arraycopy(scores.get(k), 0, s, i, scores.get(k).length);
        System.arraycopy(labels.get(k), 0, y, i, labels.get(k).length);
        i += scores.get(k).length;
      }
      return new OutOfFold(s, y);
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
    return run(train, grid, io.leadscore.training.search.SearchBudget.none());
  }

  /** As {@link #run(Rows, List)}, starting candidates in order while {@code budget} allows (the first always). */
  public Result run(Rows train, List<XgbParams> grid, io.leadscore.training.search.SearchBudget budget) {
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
    OutOfFold bestOof = OutOfFold.NONE;
    for (XgbParams p : grid) {
      if (!budget.mayStart()) {
        break;
      }
      long t0 = System.nanoTime();
      List<double[]> oofScores = new ArrayList<>();
      List<double[]> oofLabels = new ArrayList<>();
      List<FoldMetrics> fm = new ArrayList<>();
      List<Integer> rounds = new ArrayList<>();
      List<NativeXgb.Fit> fits = new ArrayList<>();
      for (int k = 0; k < folds; k++) {
        Rows test = testRows.get(k);
        NativeXgb.Fit fit = NativeXgb.fit(fitRows.get(k), validRows.get(k), boosterParams.apply(p), p.numRound(),
            earlyStoppingRounds);
        double[] scores = NativeXgb.predict(fit, test);
        fits.add(fit);
        oofScores.add(scores);
        oofLabels.add(test.labels());
        fm.add(FoldMetrics.of(BinaryMetrics.of(scores, test.labels()), topFraction, test.daysToConvert()));
        rounds.add(fit.bestRounds());
      }
      Point point = new Point(p, fm, rounds, (System.nanoTime() - t0) / 1e9);
      points.add(point);
      budget.finished(point.seconds());
      // only the leading point's fold models are kept (out-of-fold scores of a static export come from them)
      if (best == null || point.meanAuc() > best.meanAuc()) {
        best = point;
        bestFits.forEach(f -> f.booster().dispose());
        bestFits = fits;
        bestOof = OutOfFold.of(oofScores, oofLabels);
      } else {
        fits.forEach(f -> f.booster().dispose());
      }
    }
    return new Result(points, best, points.size() * folds, (System.nanoTime() - start) / 1e9, bestFits, bestOof);
  }
}
