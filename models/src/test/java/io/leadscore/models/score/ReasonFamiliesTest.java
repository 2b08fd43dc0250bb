package io.leadscore.models.score;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.features.catalog.FeatureCatalog;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A stored reason sentence back to its family and direction, for the report's counts (no Spark). */
class ReasonFamiliesTest {
  final FeatureCatalog catalog = FeatureCatalog.standard();
  final ReasonFamilies families = new ReasonFamilies(catalog.features(), catalog, "");

  @Test
  void everyWordingOfOneFactIsOneFamilyAndDirection() {
    // the report: six of ten rows said one thing in other words
    assertEquals("▼ Lead age", families.label("▼ Lead still open 7 months after creation"));
    assertEquals("▼ Lead age", families.label("▼ Lead still open 11 months after creation"));
    assertEquals("▼ Lead age", families.label("▼ Ageing lead, created 5 months ago"));
    assertEquals("▲ Lead age", families.label("▲ Fresh lead, created 4 days ago"));
    assertEquals("▼ Engagement rate", families.label("▼ Only about 3 interactions a month since first contact"));
    assertEquals("▼ Engagement rate", families.label("▼ Engages only about 2 times a month since creation"));
    assertEquals("▼ Response to outreach", families.label("▼ Has not responded to outreach yet"));
    assertEquals("▲ Industry", families.label("▲ Industry not recorded"));
    assertEquals("▲ Industry", families.label("▲ Leads in this industry convert 12% of the time"));
  }

  @Test
  void aCutSentenceMatchesByItsBeginningAndAnUnknownOneStaysAsItIs() {
    assertEquals(Optional.of("lead_age"), families.family("▼ Lead still open 10 months…"));
    assertEquals(Optional.empty(), families.family("▲ Something no feature says"));
    assertEquals("▲ Something no feature says", families.label("▲ Something no feature says"));
  }
}
