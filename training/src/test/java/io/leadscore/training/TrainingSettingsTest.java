package io.leadscore.training;

import io.leadscore.training.search.XgbParams;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.leadscore.core.LeadscoreException;
import io.leadscore.core.config.LeadscoreConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingSettingsTest {
  @Test
  void gridIsTheCartesianProductOverTheBaseParameters() {
    TrainingSettings s = TrainingSettings.from(LeadscoreConfig.defaults(Map.of(
        "leadscore.training.grid.max_depth", "3, 6", "leadscore.training.grid.eta", "0.1")));
    List<XgbParams> points = s.fit().gridPoints();
    // defaults add min_child_weight = [1, 5]
    assertEquals(4, points.size());
    assertEquals(List.of(0.1), points.stream().map(XgbParams::eta).distinct().toList());
    assertEquals(List.of(3, 6), points.stream().map(XgbParams::maxDepth).distinct().sorted().toList());
  }

  @Test
  void badValuesNameTheKey() {
    LeadscoreException e = assertThrows(LeadscoreException.class, () -> TrainingSettings.from(
        LeadscoreConfig.defaults(Map.of("leadscore.training.grid.depth", "3"))));
    assertEquals("'leadscore.training.grid.depth' is not a grid parameter; use one of [alpha, colsample_bytree, eta, lambda, "
        + "max_depth, min_child_weight, subsample]", e.getMessage());
    e = assertThrows(LeadscoreException.class, () -> TrainingSettings.from(
        LeadscoreConfig.defaults(Map.of("leadscore.training.holdout_fraction", "1.5"))));
    assertEquals("'leadscore.training.holdout_fraction' is 1.5 but must be in (0, 1)", e.getMessage());
    e = assertThrows(LeadscoreException.class, () -> TrainingSettings.from(
        LeadscoreConfig.defaults(Map.of("leadscore.training.scale_pos_weight", "lots"))));
    assertEquals("'leadscore.training.scale_pos_weight' is 'lots' but must be auto or a number > 0", e.getMessage());
  }

  /** The message a bad value of {@code key} raises: it names the key, the value and the rule. */
  private static String rejection(String key, String value) {
    return assertThrows(LeadscoreException.class, () -> TrainingSettings.from(LeadscoreConfig.defaults(Map.of(key,
        value)))).getMessage();
  }

  @Test
  void aNegativeAucGainIsRefusedByName() {
    assertEquals("'leadscore.promotion.min_auc_gain' is -1.5 but must be in [-1, 1) (an AUC difference; 0 = any "
        + "significant gain, below 0 = a forced promotion)", rejection("leadscore.promotion.min_auc_gain", "-1.5"));
  }

  @Test
  void anAucFloorAboveOneIsRefusedByName() {
    assertEquals("'leadscore.promotion.auc_floor' is 1.2 but must be in [0, 1] (an AUC; 0.5 is a coin toss)",
        rejection("leadscore.promotion.auc_floor", "1.2"));
  }

  @Test
  void aPrecisionFloorOutOfRangeIsRefusedByName() {
    assertEquals("'leadscore.promotion.precision_floor' is 1.5 but must be in [0, 1] (a precision; 0 = no floor)",
        rejection("leadscore.promotion.precision_floor", "1.5"));
    assertEquals("'leadscore.promotion.precision_floor' is -0.1 but must be in [0, 1] (a precision; 0 = no floor)",
        rejection("leadscore.promotion.precision_floor", "-0.1"));
  }

  @Test
  void aZeroOrNegativeAucJumpIsRefusedByName() {
    assertEquals("'leadscore.promotion.max_auc_jump' is 0.0 but must be in (0, 1] (an AUC difference)",
        rejection("leadscore.promotion.max_auc_jump", "0"));
    assertEquals("'leadscore.promotion.max_auc_jump' is -0.15 but must be in (0, 1] (an AUC difference)",
        rejection("leadscore.promotion.max_auc_jump", "-0.15"));
  }

  @Test
  void aGainThatOnlyALeakingModelCouldReachIsRefused() {
    // min_auc_gain and auc_floor swapped (0.6 and 0.0): each is in its own range, but no gain could both pass 0.6
    // and stay under the 0.15 jump that counts as leakage
    LeadscoreException e = assertThrows(LeadscoreException.class, () -> TrainingSettings.from(LeadscoreConfig
        .defaults(Map.of("leadscore.promotion.min_auc_gain", "0.6", "leadscore.promotion.auc_floor", "0.0"))));
    assertEquals("'leadscore.promotion.min_auc_gain' is 0.6 but must be below leadscore.promotion.max_auc_jump "
        + "(0.15): a gain that large is a leakage alarm, so no model could replace the champion", e.getMessage());
  }

  @Test
  void promotionValuesArriveUnderTheirOwnNames() {
    TrainingSettings s = TrainingSettings.from(LeadscoreConfig.defaults(Map.of("leadscore.promotion.min_auc_gain",
        "0.01", "leadscore.promotion.auc_floor", "0.65", "leadscore.promotion.precision_floor", "0.3",
        "leadscore.promotion.max_auc_jump", "0.2")));
    assertEquals(0.01, s.promotion().minAucGain());
    assertEquals(0.65, s.promotion().aucFloor());
    assertEquals(0.3, s.promotion().precisionFloor());
    assertEquals(0.2, s.promotion().maxAucJump());
  }

  @Test
  void theLeakageThresholdComesFromTheFeaturesSettings() {
    assertEquals(0.9, TrainingSettings.from(LeadscoreConfig.defaults(Map.of(
        "leadscore.features.leakage_auc_threshold", "0.9"))).leakage().aucThreshold());
    assertEquals("'leadscore.features.leakage_auc_threshold' is 0.4 but must be in (0.5, 1]",
        rejection("leadscore.features.leakage_auc_threshold", "0.4"));
  }

  @Test
  void otherValuesNameTheirKeys() {
    assertEquals("'leadscore.training.folds' is 1 but must be >= 2", rejection("leadscore.training.folds", "1"));
    assertEquals("'leadscore.training.eta' is 0.0 but must be > 0", rejection("leadscore.training.eta", "0"));
    assertEquals("'leadscore.training.calibration' is 'isotonic' but must be one of [none, platt]",
        rejection("leadscore.training.calibration", "isotonic"));
    assertEquals("'leadscore.leakage.max_gain_share' is 0.0 but must be in (0, 1]",
        rejection("leadscore.leakage.max_gain_share", "0"));
    assertEquals("'leadscore.training.distributed.cv_fraction' is 2.0 but must be in (0, 1]",
        rejection("leadscore.training.distributed.cv_fraction", "2"));
    assertEquals("'leadscore.training.search.trials' is 0 but must be >= 1",
        rejection("leadscore.training.search.trials", "0"));
    assertEquals("'leadscore.mlflow.experiment' is ' ' but must be a name (the MLflow experiment)",
        rejection("leadscore.mlflow.experiment", " "));
  }
}
