package io.leadscore.training.spark;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.features.catalog.Catalogs;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.FeatureDefinition;
import io.leadscore.models.registry.ModelCard;
import io.leadscore.training.xgb.Rows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The champion's inputs are taken from today's holdout in its own encoding, or the comparison says why not. */
class ChampionComparisonTest {
  static FeatureDefinition cat(String name, List<String> levels) {
    return FeatureDefinition.builder(name).group("export").describe(name).type(FeatureDefinition.Type.CATEGORY)
        .levels(levels).reasons("{value}", "{value}").build();
  }

  static FeatureDefinition num(String name) {
    return FeatureDefinition.builder(name).group("export").describe(name).reasons("{value}", "{value}").build();
  }

  static ModelCard champion(List<FeatureDefinition> defs, Map<String, Double> present) {
    return ModelCard.builder().version(1).name("leadscore").path("/nowhere")
        .features(defs.stream().map(FeatureDefinition::name).toList(), "old").seed(1)
        .metrics(Map.of("holdout_auc", 0.8)).build()
        .withContract(new ModelCard.Contract(defs, present, Map.of()));
  }

  /** Three holdout rows in today's order [visits, source, tags]. */
  static Rows holdout(float[] x) {
    return new Rows(x, 3, 3, new float[] {1, 0, 1}, new double[3], new int[3], new boolean[3]);
  }

  @Test
  void theChampionReadsTodaysCodesInItsOwnLevels() {
    FeatureCatalog today = Catalogs.of("new", List.of(num("visits"), cat("source", List.of("b", "a", "other")),
        num("tags")));
    ModelCard c = champion(List.of(cat("source", List.of("a", "b", "other")), num("visits")),
        Map.of("source", 1.0, "visits", 1.0));
    List<String> problems = new ArrayList<>();
    Rows own = new ChampionComparison(today).ownInputs(c, holdout(new float[] {5, 0, 9, 6, 1, 9, 7, 2, 9}), problems);
    assertEquals(List.of(), problems);
    // today's b(0) a(1) other(2) are the champion's 1, 0, 2; its columns in its own order [source, visits]
    assertArrayEquals(new float[] {1, 5, 0, 6, 2, 7}, own.x());
  }

  @Test
  void aDroppedOrEmptiedInputMakesTheChampionIncomparable() {
    FeatureCatalog today = Catalogs.of("new", List.of(num("visits"), cat("source", List.of("a", "other")),
        num("tags")));
    ModelCard gone = champion(List.of(num("visits"), num("country")), Map.of("visits", 1.0, "country", 0.7));
    List<String> problems = new ArrayList<>();
    assertNull(new ChampionComparison(today).ownInputs(gone, holdout(new float[9]), problems));
    assertEquals(List.of("feature 'country' is not in today's catalogue (new)"), problems);

    ModelCard emptied = champion(List.of(num("visits"), num("tags")), Map.of("visits", 1.0, "tags", 0.4));
    problems.clear();
    float nan = Float.NaN;
    new ChampionComparison(today).ownInputs(emptied, holdout(new float[] {1, 0, nan, 2, 0, nan, 3, 0, nan}), problems);
    assertEquals(List.of("input 'tags' is missing on every holdout row, where 40% of the champion's training rows "
        + "had a value"), problems);
  }
}
