package io.leadscore.training;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.FeatureDefinition;
import io.leadscore.models.registry.Calibration;
import io.leadscore.models.registry.Stack;
import io.leadscore.training.ensemble.EnsembleSettings;
import io.leadscore.training.ensemble.Stacking;
import io.leadscore.training.xgb.CrossValidation;
import io.leadscore.training.xgb.Rows;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stacked model is kept only when it beats XGBoost alone on the holdout (plain Java, no Spark). */
class EnsembleChoiceTest {
  static final List<FeatureDefinition> DEFS = FeatureCatalog.standard().features().subList(0, 2);
  static final List<String> NAMES = DEFS.stream().map(FeatureDefinition::name).toList();

  /** Two inputs: a carries a linear signal the stand-in "XGBoost" (which sees only b) misses. */
  static Rows rows(int n, long seed, double[] xgbOut) {
    Random rnd = new Random(seed);
    float[] x = new float[n * 2];
    float[] y = new float[n];
    int[] fold = new int[n];
    for (int i = 0; i < n; i++) {
      double a = rnd.nextGaussian();
      double b = rnd.nextGaussian();
      x[i * 2] = (float) a;
      x[i * 2 + 1] = (float) b;
      y[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-(-1 + a + b))) ? 1 : 0;
      fold[i] = i % 3;
      xgbOut[i] = 1 / (1 + Math.exp(-(-1 + b)));
    }
    return new Rows(x, n, 2, y, new double[n], fold, new boolean[n]);
  }

  static double[] foldOrder(Rows r, double[] byRow) {
    double[] out = new double[byRow.length];
    int at = 0;
    for (int k = 0; k < 3; k++) {
      for (int i = 0; i < r.rows(); i++) {
        if (r.fold()[i] == k) {
          out[at++] = byRow[i];
        }
      }
    }
    return out;
  }

  static TuneParameters.Tuning tuning(Rows train, double[] xgbByRow, TrainingSettings s) {
    double[] oof = foldOrder(train, xgbByRow);
    double[] labels = new double[oof.length];
    int at = 0;
    for (int k = 0; k < 3; k++) {
      for (float v : train.foldIn(k).label()) {
        labels[at++] = v;
      }
    }
    CrossValidation.Result cv = new CrossValidation.Result(List.of(), null, 0, 0, List.of(),
        new CrossValidation.OutOfFold(oof, labels));
    Stacking.Fitted stacked = Stacking.fit(train, 3, oof, NAMES, DEFS, s.ensemble());
    return new TuneParameters.Tuning(cv, s.fit().params(), null, "full", Calibration.platt(oof, labels), stacked,
        "stacked candidate", null);
  }

  @Test
  void theStackIsKeptWhenItWinsOnTheHoldoutAndXgboostAloneOtherwiseWithTheReason() {
    TrainingSettings s = TrainingSettings.from(LeadscoreConfig.defaults(Map.of(
        "leadscore.training.ensemble.enabled", "true")));
    double[] xgbTrain = new double[3000];
    Rows train = rows(3000, 1, xgbTrain);
    double[] xgbHoldout = new double[1000];
    Rows holdout = rows(1000, 2, xgbHoldout);
    TuneParameters.Tuning t = tuning(train, xgbTrain, s);

    EvaluateOnHoldout.Kept won = EnsembleChoice.choose(t, xgbHoldout, holdout, NAMES, s);
    assertFalse(won.stack().isNone(), won.ensemble());
    assertTrue(won.ensemble().startsWith("stacked: holdout AUC "), won.ensemble());
    assertEquals(Calibration.PLATT, won.calibration().method());
    assertNotEquals(t.calibration(), won.calibration(), "the stack is calibrated on its own out-of-fold margins");

    // the same stack asked to win by more than it can: XGBoost alone, its own calibration, and why
    TrainingSettings strict = TrainingSettings.from(LeadscoreConfig.defaults(Map.of(
        "leadscore.training.ensemble.enabled", "true", "leadscore.training.ensemble.min_auc_gain", "0.5")));
    EvaluateOnHoldout.Kept lost = EnsembleChoice.choose(t, xgbHoldout, holdout, NAMES, strict);
    assertSame(Stack.NONE, lost.stack());
    assertEquals(t.calibration(), lost.calibration());
    assertTrue(lost.ensemble().matches("kept xgboost: stacked holdout AUC 0\\.\\d{4} <= 0\\.\\d{4} \\+ 0\\.5 "
        + "\\(out-of-fold AUC 0\\.\\d{4} vs 0\\.\\d{4}\\)"),
        lost.ensemble());

    // off: nothing to choose
    TuneParameters.Tuning off = new TuneParameters.Tuning(t.cv(), t.chosen(), null, "full", t.calibration(), null,
        "off", null);
    assertEquals("off", EnsembleChoice.choose(off, xgbHoldout, holdout, NAMES, s).ensemble());
    assertEquals(new EnsembleSettings(true, 1, 1, 0, List.of()).describe(), s.ensemble().describe());
  }
}
