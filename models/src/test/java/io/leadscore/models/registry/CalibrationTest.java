package io.leadscore.models.registry;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.models.ModelsException;
import io.leadscore.models.metrics.BinaryMetrics;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Platt scaling in plain Java: it repairs a miscalibrated model's probabilities and keeps its order. */
class CalibrationTest {
  /**
   * Leads with a true conversion probability q (about 10% convert), and a model that is overconfident and too
   * optimistic: its margin is 2x the true one, shifted up by 1.
   */
  static double[][] miscalibrated(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] p = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double margin = -2.5 + 1.2 * r.nextGaussian();
      double q = Calibration.sigmoid(margin);
      y[i] = r.nextDouble() < q ? 1 : 0;
      p[i] = Calibration.sigmoid(2 * margin + 1);
    }
    return new double[][] {p, y};
  }

  @Test
  void eceFallsOnAMiscalibratedModelAndRanksStay() {
    double[][] fit = miscalibrated(20_000, 1);
    double[][] test = miscalibrated(20_000, 2);
    Calibration c = Calibration.platt(fit[0], fit[1]);
    assertEquals(Calibration.PLATT, c.method());
    // the true map is slope 1/2, intercept -1/2 (the two estimates move together: the margins' mean is about -4)
    assertEquals(0.5, c.slope(), 0.06);
    assertEquals(-0.5 + 4 * (c.slope() - 0.5), c.intercept(), 0.1);
    BinaryMetrics raw = BinaryMetrics.of(test[0], test[1]);
    BinaryMetrics calibrated = BinaryMetrics.of(c.apply(test[0]), test[1]);
    double before = raw.expectedCalibrationError(10);
    double after = calibrated.expectedCalibrationError(10);
    assertTrue(before > 0.05, "the fixture is miscalibrated: " + before);
    assertTrue(after < 0.01, "calibrated on other rows of the same kind: " + after);
    assertEquals(raw.auc(), calibrated.auc(), 1e-12, "monotone: the order, and with it AUC, is unchanged");
    assertTrue(calibrated.logLoss() < raw.logLoss());
  }

  @Test
  void strictlyIncreasingAndNoneIsTheIdentity() {
    Calibration c = new Calibration(Calibration.PLATT, 0.7, -0.3);
    double prev = -1;
    for (double p = 0; p <= 1.0; p += 0.001) {
      double q = c.apply(p);
      assertTrue(q > prev && q > 0 && q < 1, p + " -> " + q);
      prev = q;
      assertEquals(p, Calibration.NONE.apply(p), 0.0);
    }
    ModelsException e = assertThrows(ModelsException.class, () -> new Calibration(Calibration.PLATT, -1, 0));
    assertEquals("A Platt calibration needs a slope > 0 and a finite intercept, not -1.0 / 0.0: the saved model is "
        + "damaged; train a new one (`leadscore train`) or roll back (`leadscore rollback`)", e.getMessage());
  }

  @Test
  void nothingToFitGivesNone() {
    assertTrue(Calibration.platt(new double[] {0.1, 0.2}, new double[] {0, 0}).isNone());
    assertTrue(Calibration.platt(new double[0], new double[0]).isNone());
  }

  @Test
  void readsBackFromJsonAndAnOlderCardHasNone() throws Exception {
    ObjectMapper json = new ObjectMapper();
    Calibration c = new Calibration(Calibration.PLATT, 0.9, -0.1);
    String text = json.writeValueAsString(c);
    assertFalse(text.contains("none"), text);
    assertEquals(c, json.readValue(text, Calibration.class));
    io.leadscore.models.registry.ModelCard.Contract old = json.readValue(
        "{\"catalog\":[],\"presentShare\":{},\"gainShare\":{}}", io.leadscore.models.registry.ModelCard.Contract.class);
    assertEquals(Calibration.NONE, old.calibration());
  }
}
