package io.leadscore.monitoring;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.FeatureDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Inputs with one value per date are judged by their definition, not by a KS test across dates. */
class DateDerivedInputsTest {
  static final List<String> INPUTS = List.of("page_views_7d", "quarter_end_days", "lead_age_days", "month_of_year");

  @Test
  void theModelsOwnCatalogueDecides() {
    List<FeatureDefinition> own = FeatureCatalog.standard().features();
    assertEquals(List.of("quarter_end_days", "month_of_year"), DateDerivedInputs.of(INPUTS, own, "any-version"));
    assertTrue(DateDerivedInputs.note(List.of("quarter_end_days")).contains("quarter_end_days"));
  }

  @Test
  void aModelSealedBeforeTheMarkUsesTheSameStandardVersion() {
    // the card's definitions without the mark (as stored before it existed)
    List<FeatureDefinition> unmarked = FeatureCatalog.standard().features().stream()
        .map(d -> new FeatureDefinition(d.name(), d.group(), d.description(), d.type(), d.missing(), d.levels(),
            new FeatureDefinition.Values(d.display(), false), d.reasons()))
        .toList();
    assertEquals(List.of("quarter_end_days", "month_of_year"),
        DateDerivedInputs.of(INPUTS, unmarked, FeatureCatalog.standard().version()));
    assertEquals(List.of(), DateDerivedInputs.of(INPUTS, unmarked, "labelled-x-0001"));
  }

  @Test
  void aQuietNightRaisesNoAlertOnceDateDerivedInputsAreLeftOut() {
    // the second night: quarter_end_days has one value tonight and another at the reference date (KS 1, p ~ 0)
    FeatureDrift quarter = new FeatureDrift("quarter_end_days", false, 5.0, new TwoSampleKs.Result(1.0, 1e-300),
        new FeatureDrift.MissingRates(0, 0), 0, 1000, 3);
    FeatureDrift views = new FeatureDrift("page_views_7d", false, 0.01, new TwoSampleKs.Result(0.02, 0.8),
        new FeatureDrift.MissingRates(0, 0), 0, 1000, 1);
    var rules = new AlertRules(AlertRulesTest.S);
    assertFalse(rules.features(List.of(quarter, views)).isEmpty(), "measured, the date alone raises alerts");
    List<String> skip = DateDerivedInputs.of(List.of("quarter_end_days", "page_views_7d"),
        FeatureCatalog.standard().features(), FeatureCatalog.standard().version());
    List<FeatureDrift> tested = List.of(quarter, views).stream().filter(d -> !skip.contains(d.feature())).toList();
    assertEquals(List.of(), rules.features(tested));
  }
}
