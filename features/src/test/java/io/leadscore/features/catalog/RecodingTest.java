package io.leadscore.features.catalog;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecodingTest {
  static FeatureDefinition cat(String name, List<String> levels) {
    return FeatureDefinition.builder(name).group("export").describe(name).type(FeatureDefinition.Type.CATEGORY)
        .levels(levels).reasons(name + ": {value}", name + ": {value}").build();
  }

  static FeatureDefinition num(String name) {
    return FeatureDefinition.builder(name).group("export").describe(name).reasons("{value}", "{value}").build();
  }

  @Test
  void codesTranslateByLevelNameAndUnseenLevelsGoToTheModelsOther() {
    List<FeatureDefinition> model = List.of(cat("source", List.of("Google", "Direct", "other")), num("visits"));
    FeatureCatalog today = Catalogs.of("today", List.of(num("visits"),
        cat("source", List.of("Direct", "Olark", "Google", "other"))));
    Recoding r = Recoding.between(today, model);
    assertEquals(List.of(), r.problems());
    assertFalse(r.isIdentity());
    assertEquals(1.0, r.apply(0, 0)); // Direct
    assertEquals(2.0, r.apply(0, 1)); // Olark: unseen by the model -> its other
    assertEquals(0.0, r.apply(0, 2)); // Google
    assertEquals(2.0, r.apply(0, 3)); // other
    assertTrue(Double.isNaN(r.apply(0, Double.NaN)));
    assertTrue(Double.isNaN(r.apply(0, 7)), "a code outside today's levels is not guessed");
    assertEquals(42.5, r.apply(1, 42.5));
  }

  @Test
  void aFeatureGoneOrChangedInKindIsAProblemNamingIt() {
    List<FeatureDefinition> model = List.of(cat("source", List.of("a", "b")), num("tags"), num("visits"));
    FeatureCatalog today = Catalogs.of("today-2", List.of(num("source"), num("visits")));
    assertEquals(List.of("feature 'source' was CATEGORY for the model but is NUMBER in today's catalogue (today-2)",
        "feature 'tags' is not in today's catalogue (today-2)"), Recoding.between(today, model).problems());
  }
}
