package io.leadscore.training;

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
    List<XgbParams> points = s.gridPoints();
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
}
