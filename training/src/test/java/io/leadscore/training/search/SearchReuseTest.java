package io.leadscore.training.search;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.models.registry.ModelCard;
import io.leadscore.training.TrainingSettings;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * search.reuse_days: the champion's searched parameters stand in for the search while its search is fresh, on the
 * same features and search settings; anything else searches, and the card's searched_on carries the search's date.
 */
class SearchReuseTest {
  static final List<String> FEATURES = List.of("page_views_7d", "lead_source");
  static final TrainingSettings REUSE = TrainingSettings.from(LeadscoreConfig.defaults(Map.of(
      "leadscore.training.search.kind", "random", "leadscore.training.search.trials", "5",
      "leadscore.training.search.reuse_days", "6")));
  static final SearchSettings S = REUSE.fit().search();
  static final XgbParams SEARCHED = new XgbParams(400, 7, 0.031, 4.5, 0.8, 0.6, 2.0, 0.01);

  static ModelCard champion(String searchedOn, String search, List<String> features) {
    Map<String, Object> params = new HashMap<>(SEARCHED.booster(3.0, 7, 2));
    params.put("num_round", 212);
    params.put(SearchReuse.SEARCH, search);
    if (searchedOn != null) {
      params.put(SearchReuse.SEARCHED_ON, searchedOn);
    }
    return ModelCard.builder().version(3).name("leadscore").createdAt(Instant.now().toString())
        .features(features, "standard-2").seed(7).params(params).build();
  }

  static SearchReuse.Plan plan(Optional<ModelCard> champion, String tonight) {
    return SearchReuse.plan(S, REUSE.fit().candidates(), 400, champion, tonight, FEATURES, "standard-2");
  }

  @Test
  void aFreshSearchOfTheSameSettingsAndFeaturesIsReused() {
    for (String tonight : List.of("2026-11-21", "2026-11-26")) { // the day after, and reuse_days after
      SearchReuse.Plan p = plan(Optional.of(champion("2026-11-20", S.describe(), FEATURES)), tonight);
      assertEquals(List.of(SEARCHED), p.candidates(), "the champion's parameters with the configured round cap");
      assertEquals("2026-11-20", p.searchedOn(), "the search's date, not tonight's: a chain of reuses ends");
      assertTrue(p.describe().startsWith("reused leadscore v3's parameters (searched 2026-11-20, reuse_days 6)"),
          p.describe());
    }
  }

  @Test
  void otherwiseTonightSearches() {
    Map<String, Optional<ModelCard>> searches = Map.of(
        "no champion", Optional.empty(),
        "a search older than reuse_days", Optional.of(champion("2026-11-19", S.describe(), FEATURES)),
        "a search dated after tonight", Optional.of(champion("2026-11-27", S.describe(), FEATURES)),
        "other search settings", Optional.of(champion("2026-11-24", "grid", FEATURES)),
        "other features", Optional.of(champion("2026-11-24", S.describe(), List.of("page_views_7d"))),
        "a card from before searched_on", Optional.of(champion(null, S.describe(), FEATURES)));
    searches.forEach((why, card) -> {
      SearchReuse.Plan p = plan(card, "2026-11-26");
      assertEquals(REUSE.fit().candidates(), p.candidates(), why);
      assertEquals("2026-11-26", p.searchedOn(), why);
      assertEquals(S.describe(), p.describe(), why);
    });
    // reuse_days 0 (the default): always
    TrainingSettings off = TrainingSettings.from(LeadscoreConfig.defaults(Map.of()));
    assertEquals(0, off.fit().search().reuseDays());
    assertEquals(off.fit().candidates(), SearchReuse.plan(off.fit().search(), off.fit().candidates(), 400,
        Optional.of(champion("2026-11-26", off.fit().search().describe(), FEATURES)), "2026-11-26", FEATURES,
        "standard-2").candidates());
  }

  @Test
  void aNegativeReuseIsRefusedNamingTheKey() {
    Exception e = assertThrows(RuntimeException.class, () -> TrainingSettings.from(LeadscoreConfig.defaults(
        Map.of("leadscore.training.search.reuse_days", "-1"))));
    assertTrue(e.getMessage().contains("reuse_days"), e.getMessage());
  }
}
