package io.leadscore.features.gold;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.FeatureDefinition;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plain-Java feature definitions the batch (as UDFs) and serve share; no Spark. */
class LeadFeaturesTest {
  static final FeatureCatalog CATALOG = FeatureCatalog.standard();

  @Test
  void segmentValuesKeepThreeSignificantDigitsSoALateLeadRarelyMovesThem() {
    assertEquals(0.0123, LeadFeatures.segmentValue(0.012345678));
    assertEquals(0.0123, LeadFeatures.segmentValue(0.0123004), "a move in the fifth digit is absorbed");
    assertEquals(0.125, LeadFeatures.segmentValue(0.125), "three digits stay as they are");
    assertEquals(0.124, LeadFeatures.segmentValue(0.12450), "half to even");
    assertEquals(1.0, LeadFeatures.segmentValue(1.0));
    assertEquals(0.0, LeadFeatures.segmentValue(0.0));
    assertNull(LeadFeatures.segmentValue(null));
    assertTrue(LeadFeatures.segmentValue(Double.NaN).isNaN());
  }

  @Test
  void timeFeaturesFollowTheSnapshotsInstant() {
    assertEquals(20, LeadFeatures.quarterEndDays(LocalDate.of(2026, 6, 10)));
    assertEquals(0, LeadFeatures.quarterEndDays(LocalDate.of(2026, 12, 31)));
    assertEquals(89, LeadFeatures.quarterEndDays(LocalDate.of(2026, 1, 1)));
    assertEquals(11, LeadFeatures.monthOfYear(LocalDate.of(2026, 11, 24)));
    long night = LeadFeatures.nightSeconds(LocalDate.of(2026, 11, 24));
    assertEquals(1.5, LeadFeatures.ageDays(night, night - 129600), 1e-12);
    assertEquals(StrictMath.exp(-10.0 / 30), LeadFeatures.ageDecay(10.0), 0);
    assertNull(LeadFeatures.logEmployees(0));
    assertEquals(StrictMath.log(100), LeadFeatures.logEmployees(100L), 0);
    assertEquals(10, LeadFeatures.companyAgeYears(LocalDate.of(2026, 1, 1), 2016));
  }

  @Test
  void levelsAndRatiosKeepMissingMissing() {
    assertEquals(1, LeadFeatures.level("b", List.of("a", "b")));
    assertNull(LeadFeatures.level("z", List.of("a", "b")), "a fixed vocabulary: unknown is missing");
    assertEquals(2, LeadFeatures.level("z", List.of("a", "b", "other")), "an export's levels: unknown is other");
    assertNull(LeadFeatures.level(null, List.of("a", "other")));
    assertNull(LeadFeatures.ratio(3.0, 0.0));
    assertNull(LeadFeatures.ratio(3.0, null));
    assertEquals(0.0, LeadFeatures.ratio(null, 4.0));
  }

  @Test
  void aNewLeadsRowHasEveryFeatureAndNoActivity() {
    Instant at = Instant.parse("2026-11-24T12:00:00Z");
    Map<String, Object> fields = new HashMap<>(Map.of("created_at", Instant.parse("2026-11-14T12:00:00Z"),
        "seniority", "vp", "employees", 100L, "founded_year", 2016));
    Map<String, Double> row = LeadFeatures.row(fields, at, CATALOG, LeadFeatures.Segments.NONE);
    assertEquals(CATALOG.names().size(), row.size());
    assertEquals(10.0, row.get("lead_age_days"), 1e-12);
    assertEquals(StrictMath.log(100), row.get("log_employees"), 0);
    assertEquals(10.0, row.get("company_age_years"));
    assertEquals(11.0, row.get("month_of_year"));
    assertEquals(0.0, row.get("engagement_velocity"), "nothing in 10 days");
    for (FeatureDefinition f : CATALOG.features()) {
      if (LeadFeatures.ACTIVITY.contains(f.name())) {
        assertEquals(f.missing() == FeatureDefinition.Missing.ZERO ? Double.valueOf(0) : null, row.get(f.name()),
            f.name());
      }
      if (f.name().endsWith(FeatureDefinition.INDICATOR_SUFFIX)) {
        assertNotNull(row.get(f.name()), f.name());
      }
    }
  }
}
