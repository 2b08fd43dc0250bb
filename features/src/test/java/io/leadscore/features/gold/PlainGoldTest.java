package io.leadscore.features.gold;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.ConfigFactory;
import io.leadscore.core.LeadscoreException;
import io.leadscore.features.gold.SingleFeatureAuc.Bucket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gold layer's plain-Java parts: single-feature AUC, decision-maker likelihood, settings, reports. */
class PlainGoldTest {
  @Test
  void aucOfAPerfectSeparatorIsOneInEitherDirection() {
    assertEquals(1.0, SingleFeatureAuc.auc(List.of(new Bucket(0, 0, 5), new Bucket(1, 5, 0))));
    assertEquals(1.0, SingleFeatureAuc.auc(List.of(new Bucket(0, 5, 0), new Bucket(1, 0, 5))));
  }

  @Test
  void tiesCountHalf() {
    // one value for everyone: no information
    assertEquals(0.5, SingleFeatureAuc.auc(List.of(new Bucket(3, 4, 6))));
    // values 1 (1 pos, 1 neg), 2 (1 pos): pairs (p@1,n@1) tie = .5, (p@2,n@1) win = 1 -> 1.5 / 2
    assertEquals(0.75, SingleFeatureAuc.auc(List.of(new Bucket(1, 1, 1), new Bucket(2, 1, 0))));
  }

  @Test
  void missingGoesWhereItSeparatesBest() {
    // known values carry nothing; missing holds only positives: placed high it separates them
    double a = SingleFeatureAuc.auc(List.of(new Bucket(1, 2, 4), new Bucket(Double.NaN, 2, 0)));
    // ascending with missing on top: positives at 1 tie with 4 negatives (2 * 4 * .5), missing beats all 4 (2 * 4)
    assertEquals((4 + 8) / 16.0, a, 1e-12);
    assertTrue(Double.isNaN(SingleFeatureAuc.auc(List.of(new Bucket(1, 3, 0)))), "one class only: undefined");
  }

  @Test
  void categoricalLevelsAreOrderedByTheirPositiveRate() {
    // level indexes 0, 1, 2 with rates 1, 0, 1: as numbers no order separates, as groups they separate fully
    List<Bucket> levels = List.of(new Bucket(0, 3, 0), new Bucket(1, 0, 3), new Bucket(2, 3, 0));
    assertEquals(1.0, SingleFeatureAuc.categoricalAuc(levels));
    assertTrue(SingleFeatureAuc.auc(levels) < 0.75, "numeric order cannot separate them");
  }

  @Test
  void inMemoryColumnsAreCountedIntoTheSameBuckets() {
    // training's fallback (rows on the driver) and the features stage (Spark counts) share one rule:
    // missing is placed where it separates best, not always lowest as training once ranked it
    double[] values = {1, 1, 1, 1, 1, 1, Double.NaN, Double.NaN};
    double[] labels = {1, 1, 0, 0, 0, 0, 1, 1};
    List<Bucket> buckets = SingleFeatureAuc.buckets(values, labels);
    assertEquals(2, buckets.size(), "one bucket per value, one for all missing values");
    assertEquals(SingleFeatureAuc.auc(List.of(new Bucket(1, 2, 4), new Bucket(Double.NaN, 2, 0))),
        SingleFeatureAuc.of(io.leadscore.features.catalog.FeatureDefinition.Type.COUNT, buckets));
    assertEquals(SingleFeatureAuc.categoricalAuc(buckets),
        SingleFeatureAuc.of(io.leadscore.features.catalog.FeatureDefinition.Type.CATEGORY, buckets));
  }

  @Test
  void theLeakageReportIsDirectionAgnosticAndStatesAlarmsForPromotion() {
    LeakageReport r = new LeakageReport(0.95, 10, java.util.Map.of("tags", 0.99, "inverse", 0.02, "visits", 0.7,
        "constant", Double.NaN));
    assertEquals(List.of("tags (single-feature AUC 0.990)", "inverse (single-feature AUC 0.980)"), r.alarmTexts());
    assertFalse(r.auc().containsKey("constant"), "no AUC is defined for one class");
    assertTrue(r.withThreshold(0.999).alarmTexts().isEmpty());
  }

  @Test
  void decisionMakerLikelihood() {
    assertEquals(0.88, DecisionMaker.likelihood("VP", "anything", "Finance"), 1e-12);
    assertEquals(0.95, DecisionMaker.likelihood(null, "Co-Founder & CEO", null), 1e-12);
    assertEquals(0.6 * 0.7, DecisionMaker.likelihood(null, "Head of People", "HR"), 1e-12);
    assertEquals(DecisionMaker.UNKNOWN_ROLE, DecisionMaker.likelihood(null, "Analyst", "Sales"), 1e-12,
        "only the department known");
    assertNull(DecisionMaker.likelihood(null, "Analyst", null), "no signal at all: missing");
    assertEquals(1.0, DecisionMaker.likelihood("C-Level", null, "Finance"), 1e-12, "capped at 1");
  }

  @Test
  void leakageReportNamesAlarmsStrongestFirst() {
    LeakageReport r = new LeakageReport(0.95, 100, Map.of("a", 0.7, "tags", 0.97, "lead_quality", 0.99));
    assertEquals(List.of("lead_quality", "tags"), List.copyOf(r.alarms().keySet()));
    assertTrue(r.message().contains("tags (AUC 0.970)") && r.message().contains("exclude_from_model"), r.message());
    assertFalse(new LeakageReport(0.95, 100, Map.of("a", 0.95)).alarmed(), "at the threshold is no alarm");
  }

  @Test
  void settingsRejectBadValuesNamingTheKey() {
    var base = ConfigFactory.parseString("leadscore.features { affinity_smoothing = 20, leakage_auc_threshold = 0.95,"
        + " leakage_negatives = 250000, include_excluded_columns = false, max_levels = 30, min_level_count = 10, derived = [] }");
    assertEquals(0.95, GoldSettings.from(base).leakageAucThreshold());
    var bad = ConfigFactory.parseString("leadscore.features.leakage_auc_threshold = 0.4").withFallback(base);
    var e = assertThrows(LeadscoreException.class, () -> GoldSettings.from(bad));
    assertTrue(e.getMessage().contains("leadscore.features.leakage_auc_threshold"), e.getMessage());
    var negative = ConfigFactory.parseString("leadscore.features.leakage_negatives = -1").withFallback(base);
    e = assertThrows(LeadscoreException.class, () -> GoldSettings.from(negative));
    assertTrue(e.getMessage().contains("leadscore.features.leakage_negatives"), e.getMessage());
    var noExpr = ConfigFactory.parseString("leadscore.features.derived = [{ name = x }]").withFallback(base);
    e = assertThrows(LeadscoreException.class, () -> GoldSettings.from(noExpr));
    assertTrue(e.getMessage().contains("leadscore.features.derived[0]"), e.getMessage());
  }

  @Test
  void trainingSnapshotsWaitForTheirHorizon() {
    // horizon 30: the latest training snapshot is D - 30; look-back 60 ends at 2026-09-25
    var plan = new SnapshotPlan(java.time.LocalDate.of(2026, 11, 24), 30, 14, 60);
    assertEquals(List.of(java.time.LocalDate.of(2026, 10, 25), java.time.LocalDate.of(2026, 10, 11),
        java.time.LocalDate.of(2026, 9, 27)), plan.trainingDates());
  }
}
