package io.leadscore.features.catalog;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.LeadscoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureCatalogTest {
  final FeatureCatalog standard = FeatureCatalog.standard();

  @Test
  void featuresMdIsGeneratedFromTheCatalogue() throws Exception {
    Path md = Path.of("../docs/reference/features.md"); // surefire runs in the module folder
    assertTrue(Files.exists(md), "docs/reference/features.md is missing");
    assertEquals(FeatureDocs.markdown(standard), Files.readString(md),
        "docs/reference/features.md is out of date: regenerate it with "
            + "`java -cp features/target/classes io.leadscore.features.catalog.FeatureDocs docs/reference/features.md` (or DocsTest in cli with -Ddocs.write=true)");
  }

  @Test
  void featuresWithOneValuePerDateSaySoInTheirDefinition() {
    assertEquals(List.of("quarter_end_days", "month_of_year"),
        standard.features().stream().filter(FeatureDefinition::dateDerived).map(FeatureDefinition::name).toList());
    // stored catalogues (and model cards) keep the mark; a definition without it reads as not date-derived
    String json = Catalogs.toJson(standard);
    assertEquals(2, json.split("\"dateDerived\"", -1).length - 1, "written only where true");
    FeatureCatalog back = Catalogs.fromJson(json, "test");
    assertTrue(back.get("month_of_year").dateDerived());
    assertFalse(back.get("lead_age_days").dateDerived());
    assertEquals(standard.get("month_of_year").signature(), back.get("month_of_year").signature());
  }

  @Test
  void featuresWithOneValuePerCategoryAndDateNameTheirCategory() {
    assertEquals(java.util.Map.of("industry_affinity", "industry", "geographic_opportunity", "country"),
        standard.features().stream().filter(f -> f.encodes() != null)
            .collect(java.util.stream.Collectors.toMap(FeatureDefinition::name, FeatureDefinition::encodes)));
    // each names a categorical feature of the same catalogue (whose mix the monitor tests)
    standard.features().stream().filter(f -> f.encodes() != null)
        .forEach(f -> assertEquals(FeatureDefinition.Type.CATEGORY, standard.get(f.encodes()).type(), f.name()));
    String json = Catalogs.toJson(standard);
    assertEquals(2, json.split("\"encodes\"", -1).length - 1, "written only where set");
    FeatureCatalog back = Catalogs.fromJson(json, "test");
    assertEquals("country", back.get("geographic_opportunity").encodes());
    assertNull(back.get("lead_age_days").encodes());
    // the learned catalogue's version hashes the signature, which the mark leaves alone
    assertEquals(standard.get("industry_affinity").signature(), back.get("industry_affinity").signature());
  }

  @Test
  void everyIndicatorFollowsItsFeature() {
    List<String> names = standard.names();
    assertEquals(names.size(), new HashSet<>(names).size(), "names are unique");
    for (FeatureDefinition f : standard.features()) {
      String indicator = f.name() + FeatureDefinition.INDICATOR_SUFFIX;
      if (f.missing() == FeatureDefinition.Missing.INDICATOR) {
        assertEquals(names.indexOf(f.name()) + 1, names.indexOf(indicator), indicator);
      } else {
        assertFalse(names.contains(indicator), indicator + " without an INDICATOR feature");
      }
    }
    assertTrue(names.size() >= 35, "the full catalogue: " + names.size());
  }

  @Test
  void reasonsFillTheTemplate() {
    assertEquals("Viewed the pricing page 5 times in the last 7 days",
        standard.get("pricing_views_7d").reason(5, true));
    assertEquals("Viewed the pricing page only 1 time in the last 7 days",
        standard.get("pricing_views_7d").reason(1, false));
    assertEquals("Has not viewed the pricing page in the last 7 days", standard.get("pricing_views_7d").reason(0, false));
    assertEquals("Seniority: VP", standard.get("seniority").reason(4, true));
    assertEquals("Responded 7 hours after first contact", standard.get("response_latency_hours").reason(6.5, true));
    assertEquals("No response to outreach recorded yet",
        standard.get("response_latency_hours").reason(Double.NaN, false));
  }

  @Test
  void jsonRoundTripKeepsEveryDefinition() {
    FeatureCatalog back = Catalogs.fromJson(Catalogs.toJson(standard), "test");
    assertEquals(standard.version(), back.version());
    assertEquals(standard.features(), back.features());
  }

  @Test
  void theJsonStaysFlatAndInTheOrderCataloguesAndModelCardsWereWrittenIn() {
    String json = Catalogs.toJson(Catalogs.of("v", java.util.List.of(standard.get("seniority"))));
    java.util.List<String> keys = java.util.List.of("\"name\"", "\"group\"", "\"description\"", "\"type\"",
        "\"missing\"", "\"reasonUp\"", "\"reasonDown\"", "\"levels\"", "\"display\"", "\"reasonMissing\"",
        "\"reasonZero\"");
    int at = -1;
    for (String k : keys) {
      int next = json.indexOf(k);
      assertTrue(next > at, k + " after the key before it in " + json);
      at = next;
    }
    assertFalse(json.contains("\"reasons\""), json);
    String stored = "{\"version\":\"old\",\"features\":[{\"name\":\"pages\",\"group\":\"web\",\"description\":"
        + "\"Pages\",\"type\":\"COUNT\",\"missing\":\"ZERO\",\"reasonUp\":\"Visited {value} pages\",\"reasonDown\":"
        + "\"Only {value} pages\",\"levels\":[],\"display\":\"COUNT\",\"reasonMissing\":null,\"reasonZero\":\"No pages\"}]}";
    FeatureDefinition f = Catalogs.fromJson(stored, "old").get("pages");
    assertEquals(new FeatureDefinition.ReasonTemplates("Visited {value} pages", "Only {value} pages", null, "No pages"),
        f.reasons());
    assertEquals("Only {value} pages", f.reasonDown());
    // a learned catalogue's version hashes this line: it keeps the record's old toString form
    assertEquals("FeatureDefinition[name=pages, group=web, description=Pages, type=COUNT, missing=ZERO, "
        + "reasonUp=Visited {value} pages, reasonDown=Only {value} pages, levels=[], display=COUNT, "
        + "reasonMissing=null, reasonZero=No pages]", f.signature());
  }

  @Test
  void unreadableCatalogueSaysWhereAndWhatToDo() {
    var e = assertThrows(LeadscoreException.class, () -> Catalogs.fromJson("{not json", "/x/catalog.json"));
    assertTrue(e.getMessage().contains("/x/catalog.json") && e.getMessage().contains("leadscore features"),
        e.getMessage());
  }

  @Test
  void unknownFeatureNamesTheCatalogue() {
    var e = assertThrows(LeadscoreException.class, () -> standard.get("page_views_1y"));
    assertTrue(e.getMessage().contains("page_views_1y"), e.getMessage());
  }
}
