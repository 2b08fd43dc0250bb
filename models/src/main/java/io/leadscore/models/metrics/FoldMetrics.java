package io.leadscore.models.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The metrics of one evaluation (a CV fold or the holdout). "Top" is the configured top fraction (20%);
 * the median days-to-convert compare converted leads in the top fraction with those in the rest.
 * {@code liftAtTop} is precision at the top over the base rate; {@code topVsRestAtTop} is the top's
 * conversion rate over the rest's (the seed's former "lift", several times larger).
 */
public record FoldMetrics(int rows, double baseRate, double auc, double prAuc, AtTop top, double brier, double logLoss,
                          DaysToConvert days) {

  /** Precision, recall, lift and top-vs-rest at the top fraction of scores. */
  public record AtTop(double precision, double recall, double lift, double topVsRest) {}

  /** The median days to convert of converted leads in the top fraction and in the rest. */
  public record DaysToConvert(double medianTop, double medianRest) {}

  public static FoldMetrics of(BinaryMetrics m, double topFraction, double[] daysToConvert) {
    double[] days = m.medianDaysToConvert(daysToConvert, topFraction);
    return new FoldMetrics(m.size(), m.baseRate(), m.auc(), m.prAuc(), new AtTop(m.precisionAt(topFraction),
        m.recallAt(topFraction), m.liftAt(topFraction), m.topVsRestAt(topFraction)), m.brier(), m.logLoss(),
        new DaysToConvert(days[0], days[1]));
  }

  public double precisionAtTop() {
    return top.precision();
  }

  public double recallAtTop() {
    return top.recall();
  }

  public double liftAtTop() {
    return top.lift();
  }

  public double topVsRestAtTop() {
    return top.topVsRest();
  }

  public double medianDaysTop() {
    return days.medianTop();
  }

  public double medianDaysRest() {
    return days.medianRest();
  }

  /** The metrics by their logged names ("auc", "pr_auc", "precision_at_top", ...), for tracking and tables. */
  public Map<String, Double> asMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("rows", (double) rows);
    m.put("base_rate", baseRate);
    m.put("auc", auc);
    m.put("pr_auc", prAuc);
    m.put("precision_at_top", precisionAtTop());
    m.put("recall_at_top", recallAtTop());
    m.put("lift_at_top", liftAtTop());
    m.put("top_vs_rest_at_top", topVsRestAtTop());
    m.put("brier", brier);
    m.put("log_loss", logLoss);
    m.put("median_days_to_convert_top", medianDaysTop());
    m.put("median_days_to_convert_rest", medianDaysRest());
    return m;
  }

  public static double mean(List<FoldMetrics> folds, ToDoubleFunction<FoldMetrics> f) {
    return folds.stream().mapToDouble(f).filter(x -> !Double.isNaN(x)).average().orElse(Double.NaN);
  }

  /** Sample standard deviation across folds (NaN folds left out). */
  public static double std(List<FoldMetrics> folds, ToDoubleFunction<FoldMetrics> f) {
    double[] xs = folds.stream().mapToDouble(f).filter(x -> !Double.isNaN(x)).toArray();
    if (xs.length < 2) {
      return 0;
    }
    double mean = java.util.Arrays.stream(xs).average().orElse(Double.NaN);
    double ss = java.util.Arrays.stream(xs).map(x -> (x - mean) * (x - mean)).sum();
    return Math.sqrt(ss / (xs.length - 1));
  }
}
