package io.leadscore.monitoring;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.FeatureDefinition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Inputs set per date (or per category and date) are judged by their definition, not by a test across dates. */
class PerDateInputsTest {
  static final List<String> INPUTS = List.of("page_views_7d", "quarter_end_days", "industry", "industry_affinity",
      "lead_age_days", "month_of_year", "geographic_opportunity");

  @Test
  void theModelsOwnCatalogueDecides() {
    PerDateInputs p = new PerDateInputs(FeatureCatalog.standard().features(), "any-version");
    assertEquals(List.of("quarter_end_days", "month_of_year"), p.dateDerived(INPUTS));
    assertEquals(Map.of("industry_affinity", "industry", "geographic_opportunity", "country"), p.encodings(INPUTS));
    assertEquals(List.of("quarter_end_days", "industry_affinity", "month_of_year", "geographic_opportunity"),
        p.skipped(INPUTS));
    List<String> notes = p.notes(INPUTS);
    assertEquals(2, notes.size(), String.valueOf(notes));
    assertTrue(notes.get(0).contains("quarter_end_days, month_of_year"), notes.get(0));
    // industry is an input (its mix is tested), country is not: the note says so
    assertTrue(notes.get(1).contains("industry_affinity (industry), geographic_opportunity (country, not an input of"
        + " this model: its mix is not tested)"), notes.get(1));
    assertEquals(List.of(), p.notes(List.of("page_views_7d")));
  }

  @Test
  void aModelSealedBeforeTheMarksUsesTheSameStandardVersion() {
    // the card's definitions without the marks (as stored before they existed)
    List<FeatureDefinition> unmarked = FeatureCatalog.standard().features().stream()
        .map(d -> new FeatureDefinition(d.name(), d.group(), d.description(), d.type(), d.missing(), d.levels(),
            new FeatureDefinition.Values(d.display(), false), d.reasons()))
        .toList();
    PerDateInputs sameVersion = new PerDateInputs(unmarked, FeatureCatalog.standard().version());
    assertEquals(List.of("quarter_end_days", "month_of_year"), sameVersion.dateDerived(INPUTS));
    assertEquals(List.of("industry_affinity", "geographic_opportunity"),
        List.copyOf(sameVersion.encodings(INPUTS).keySet()));
    PerDateInputs sealedUnderStandard2 = new PerDateInputs(unmarked, "standard-2");
    assertEquals(sameVersion.skipped(INPUTS), sealedUnderStandard2.skipped(INPUTS),
        "a champion sealed under standard-2 (unrounded segment values) is judged as before the upgrade");
    PerDateInputs other = new PerDateInputs(unmarked, "labelled-x-0001");
    assertEquals(List.of(), other.skipped(INPUTS));
  }

  @Test
  void theMarksRoundTripThroughACardsJson() throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    FeatureDefinition affinity = FeatureCatalog.standard().find("industry_affinity").orElseThrow();
    String text = json.writeValueAsString(affinity);
    assertTrue(text.contains("\"encodes\":\"industry\""), text);
    assertEquals("industry", json.readValue(text, FeatureDefinition.class).encodes());
    String views = json.writeValueAsString(FeatureCatalog.standard().find("page_views_7d").orElseThrow());
    assertFalse(views.contains("encodes") || views.contains("dateDerived"), views);
  }

  @Test
  void aQuietNightRaisesNoAlertOnceThePerDateInputsAreLeftOut() {
    // the second generated night: quarter_end_days has one value tonight and another at the reference date (KS 1,
    // p ~ 0); industry_affinity's eight point masses moved by a few thousandths, one across a bin edge (PSI 1.1)
    FeatureDrift quarter = new FeatureDrift("quarter_end_days", false, 5.0, new TwoSampleKs.Result(1.0, 1e-300),
        new FeatureDrift.MissingRates(0, 0), 0, 1000, 3);
    FeatureDrift affinity = new FeatureDrift("industry_affinity", false, 1.09, new TwoSampleKs.Result(0.154, 6.3e-8),
        new FeatureDrift.MissingRates(0, 0), 0, 1000, 2);
    FeatureDrift views = new FeatureDrift("page_views_7d", false, 0.01, new TwoSampleKs.Result(0.02, 0.8),
        new FeatureDrift.MissingRates(0, 0), 0, 1000, 1);
    var rules = new AlertRules(AlertRulesTest.S);
    List<Alert> measured = rules.features(List.of(quarter, affinity, views));
    assertEquals(java.util.Set.of("quarter_end_days", "industry_affinity"),
        measured.stream().map(Alert::subject).collect(java.util.stream.Collectors.toSet()),
        "measured, the dates raise alerts: " + measured);
    List<String> skip = new PerDateInputs(FeatureCatalog.standard().features(), FeatureCatalog.standard().version())
        .skipped(List.of("quarter_end_days", "industry_affinity", "page_views_7d"));
    List<FeatureDrift> tested = List.of(quarter, affinity, views).stream().filter(d -> !skip.contains(d.feature()))
        .toList();
    assertEquals(List.of(), rules.features(tested));
  }
}
