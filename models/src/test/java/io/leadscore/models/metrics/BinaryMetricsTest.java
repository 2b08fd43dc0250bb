package io.leadscore.models.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.core.LeadscoreException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Metrics against values worked out by hand for six rows:
 * scores 0.9 0.8 0.8 0.4 0.3 0.1, labels 1 1 0 1 0 0 (a positive and a negative tied at 0.8).
 */
class BinaryMetricsTest {
  private static final double[] P = {0.9, 0.8, 0.8, 0.4, 0.3, 0.1};
  private static final double[] Y = {1, 1, 0, 1, 0, 0};
  private final BinaryMetrics m = BinaryMetrics.of(P, Y);

  @Test
  void aucCountsATiedPairAsOneHalf() {
    // pairs won: 0.9 beats 3 negatives, 0.8 beats 2 and ties 1 (2.5), 0.4 beats 2 -> 7.5 of 9
    assertEquals(7.5 / 9, m.auc(), 1e-12);
  }

  @Test
  void precisionRecallAndLiftAtTopShareTheTieProRata() {
    // top third = 2 rows: the 0.9 positive and one of the two rows tied at 0.8 (half a positive expected)
    assertEquals(0.75, m.precisionAt(1 / 3.0), 1e-12);
    assertEquals(0.5, m.recallAt(1 / 3.0), 1e-12);
    // lift = precision@top / base rate = 0.75 / 0.5 (the industry's lift)
    assertEquals(1.5, m.liftAt(1 / 3.0), 1e-12);
    // rest: 1.5 positives in 4 rows = 0.375; top vs rest = 0.75 / 0.375
    assertEquals(2.0, m.topVsRestAt(1 / 3.0), 1e-12);
  }

  @Test
  void brierAndLogLoss() {
    assertEquals((0.01 + 0.04 + 0.64 + 0.36 + 0.09 + 0.01) / 6, m.brier(), 1e-12);
    assertEquals(0.5527113618128083, m.logLoss(), 1e-12);
  }

  @Test
  void prAucIsAveragePrecisionOverTieGroups() {
    // thresholds 0.9: recall +1/3 at precision 1; 0.8: +1/3 at 2/3; 0.4: +1/3 at 3/4
    assertEquals(1 / 3.0 + 2 / 9.0 + 1 / 4.0, m.prAuc(), 1e-12);
  }

  @Test
  void rocAndGainsCurvesEndAtOneOne() {
    List<BinaryMetrics.Point> roc = m.rocCurve();
    assertEquals(new BinaryMetrics.Point(0, 0), roc.get(0));
    assertEquals(1.0, roc.get(roc.size() - 1).x(), 1e-12);
    assertEquals(1.0, roc.get(roc.size() - 1).y(), 1e-12);
    // after the 0.8 tie group: 2 of 3 positives, 1 of 3 negatives
    assertEquals(1 / 3.0, roc.get(2).x(), 1e-12);
    assertEquals(2 / 3.0, roc.get(2).y(), 1e-12);
    assertEquals(0.5, m.gainsCurve().get(2).x(), 1e-12);
  }

  @Test
  void calibrationTableByEqualWidthBins() {
    List<BinaryMetrics.CalibrationBin> bins = m.calibration(2);
    assertEquals(2, bins.size());
    assertEquals(3, bins.get(0).rows());
    assertEquals((0.4 + 0.3 + 0.1) / 3, bins.get(0).meanPredicted(), 1e-12);
    assertEquals(1 / 3.0, bins.get(0).observedRate(), 1e-12);
    assertEquals((0.9 + 0.8 + 0.8) / 3, bins.get(1).meanPredicted(), 1e-12);
    assertEquals(2 / 3.0, bins.get(1).observedRate(), 1e-12);
  }

  @Test
  void medianDaysToConvertTopAgainstRest() {
    double[] days = {5, 10, Double.NaN, 30, Double.NaN, Double.NaN};
    double[] medians = m.medianDaysToConvert(days, 1 / 3.0);
    assertEquals(7.5, medians[0], 1e-12);
    assertEquals(30, medians[1], 1e-12);
  }

  @Test
  void oneClassGivesNaNAucAndBadLabelsAreNamed() {
    assertTrue(Double.isNaN(BinaryMetrics.of(new double[] {0.2, 0.3}, new double[] {0, 0}).auc()));
    LeadscoreException e = assertThrows(LeadscoreException.class,
        () -> BinaryMetrics.of(new double[] {0.2}, new double[] {2}));
    assertEquals("label 2.0 is not 0 or 1", e.getMessage());
  }

  @Test
  void foldMetricsMeanAndStdSkipNaN() {
    FoldMetrics a = FoldMetrics.of(m, 1 / 3.0, new double[6]);
    FoldMetrics b = FoldMetrics.of(BinaryMetrics.of(new double[] {0.9, 0.1}, new double[] {1, 0}), 0.5, new double[2]);
    assertEquals((7.5 / 9 + 1.0) / 2, FoldMetrics.mean(List.of(a, b), FoldMetrics::auc), 1e-12);
    assertEquals(Math.sqrt(2 * Math.pow((1.0 - 7.5 / 9) / 2, 2)), FoldMetrics.std(List.of(a, b), FoldMetrics::auc), 1e-12);
  }
}
