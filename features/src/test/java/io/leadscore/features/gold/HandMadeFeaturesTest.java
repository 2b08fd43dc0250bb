package io.leadscore.features.gold;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.gold.spark.FeatureJob;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Features of hand-made leads against answers worked out by hand (see the comments), the point-in-time
 * rule and the label horizon. D = 2026-06-10 is a training snapshot of batch date 2026-07-10.
 */
class HandMadeFeaturesTest {
  static final LocalDate D = LocalDate.of(2026, 6, 10);
  static final SnapshotPlan PLAN = new SnapshotPlan(LocalDate.of(2026, 7, 10), 30, 14, 30);
  static final double EPS = 1e-9;

  @TempDir
  static Path dir;
  static HandMadeLakehouse lake;
  static FeatureJob.Result result;
  static Map<String, Row> atD;

  @BeforeAll
  static void build() {
    lake = new HandMadeLakehouse(Tables.at(dir.resolve("lakehouse").toString()));
    lake.account("A1", "Software", 100L, 2016, 2).account("A2", "Finance", 0L, null, null)
        // L1: the busy lead, 10 days old at D
        .lead("L1", "A1", "VP of Finance", "VP", "Finance", "Web", "US", "2026-05-31T00:00:00Z")
        // L2: created half a day before D, nothing known: zero denominators and missing data
        .lead("L2", null, null, null, null, null, null, "2026-06-09T12:00:00Z")
        // L3 won and L4 lost before D: the outcomes industry affinity and regional rates may use
        .lead("L3", "A1", "Engineer", "Staff", "Engineering", "Event", "US", "2026-01-01T00:00:00Z")
        .lead("L4", "A2", "Analyst", "Staff", "Finance", "Partner", "GB", "2026-01-01T00:00:00Z")
        // L5 converts 10 days after D (inside the 30-day horizon), L6 40 days after (outside)
        .lead("L5", "A2", "Head of Sales", null, "Sales", "Referral", "GB", "2026-05-01T00:00:00Z")
        .lead("L6", "A2", null, "Manager", "HR", "Referral", "GB", "2026-05-01T00:00:00Z")
        .opportunity("L3", "won", "2026-03-01T00:00:00Z").opportunity("L4", "lost", "2026-04-01T00:00:00Z")
        .opportunity("L5", "won", "2026-06-20T00:00:00Z").opportunity("L6", "won", "2026-07-20T00:00:00Z")
        .activity("L1", "call", "2026-06-01T09:00:00Z", 10)
        .activity("L1", "email_open", "2026-06-01T15:00:00Z", 0)
        .activity("L1", "email_click", "2026-06-05T10:00:00Z", 0)
        .activity("L1", "meeting", "2026-06-06T10:00:00Z", 30)
        .activity("L1", "meeting_no_show", "2026-06-07T10:00:00Z", 0)
        .activity("L1", "proposal_view", "2026-06-08T10:00:00Z", 20)
        .activity("L1", "proposal_view", "2026-06-08T11:00:00Z", 10)
        .activity("L1", "objection_raised", "2026-06-08T12:00:00Z", 0)
        .activity("L1", "objection_raised", "2026-06-08T13:00:00Z", 0)
        .activity("L1", "objection_resolved", "2026-06-09T10:00:00Z", 0)
        .activity("L1", "budget_discussion", "2026-06-09T11:00:00Z", 0)
        .activity("L1", "content_download", "2026-06-09T12:00:00Z", 0)
        .activity("L1", "video_view", "2026-06-09T13:00:00Z", 5)
        .event("L1", "/pricing", "2026-06-09T10:00:00Z", false)
        .event("L1", "/", "2026-06-09T10:05:00Z", false)
        .event("L1", "/case-studies", "2026-06-02T10:00:00Z", false)
        .event("L1", "/blog", "2026-06-01T10:00:00Z", false)
        .event("L1", "/pricing", "2026-06-09T10:00:00Z", true) // a bot: never counts
        .write();
    // a features table left by an older, smaller catalogue: D is replaced, other dates stay
    SparkTestSession.get().createDataFrame(List.of(
            org.apache.spark.sql.RowFactory.create("L1", Date.valueOf(D), 99.0),
            org.apache.spark.sql.RowFactory.create("L1", Date.valueOf("2026-01-01"), 42.0)),
        org.apache.spark.sql.types.StructType.fromDDL("lead_id string, as_of_date date, page_views_7d double"))
        .write().format("delta").partitionBy("as_of_date").save(lake.tables.path(Table.FEATURES));
    result = new FeatureJob(SparkTestSession.get(), lake.tables, FeatureCatalog.standard()).run(PLAN);
    atD = rowsAt(D);
  }

  static Map<String, Row> rowsAt(LocalDate d) {
    Map<String, Row> out = new HashMap<>();
    for (Row r : SparkTestSession.get().read().format("delta").load(lake.tables.path(Table.FEATURES))
        .filter(col("as_of_date").equalTo(Date.valueOf(d))).collectAsList()) {
      out.put(r.getAs("lead_id"), r);
    }
    return out;
  }

  static Double v(String lead, String feature) {
    Row r = atD.get(lead);
    return r.isNullAt(r.fieldIndex(feature)) ? null : r.getAs(feature);
  }

  static void is(double expected, String lead, String feature) {
    Double actual = v(lead, feature);
    assertNotNull(actual, lead + "." + feature + " is missing");
    assertEquals(expected, actual, EPS, lead + "." + feature);
  }

  @Test
  void onlyLeadsOpenAtDHaveASnapshot() {
    // L3, L4 closed before D; L5 and L6 are still open at D
    assertEquals(List.of("L1", "L2", "L5", "L6"), atD.keySet().stream().sorted().toList());
    assertEquals(FeatureCatalog.standard().names().size() + 2, atD.get("L1").size(), "lead_id, as_of_date, features");
  }

  @Test
  void anOlderCataloguesTableGainsTheNewColumns() {
    Map<String, Row> old = rowsAt(LocalDate.of(2026, 1, 1));
    assertEquals(42.0, (double) old.get("L1").getAs("page_views_7d"));
    assertTrue(old.get("L1").isNullAt(old.get("L1").fieldIndex("preferred_hour")));
  }

  @Test
  void windowsCountOnlyHumanActivityInsideTheWindow() {
    is(2, "L1", "page_views_7d");      // 06-09 twice; 06-02 is before D - 7 = 06-03; the bot never counts
    is(4, "L1", "page_views_30d");
    is(1, "L1", "pricing_views_7d");
    is(1, "L1", "email_clicks_7d");
    is(1, "L1", "email_opens_30d");
    is(1, "L1", "meetings_90d");       // the no-show is not a meeting held
    is(0, "L1", "forms_90d");
    is(2, "L1", "content_90d");        // a download and a video
    is(6, "L1", "content_score_90d");  // 3 * 1 download + 2 * 1 case-study view + 1 * 1 video
    is(11.0 / 24, "L1", "days_since_last_touch"); // the video at 06-09 13:00
  }

  @Test
  void ratiosAndLatency() {
    is(0.5, "L1", "engagement_velocity");       // (1 open + 4 views + 0 forms) / 10 days
    is(17.0 / 8, "L1", "interaction_frequency"); // (4 views + 13 CRM activities) / 8 whole days since 06-01 09:00
    is(6, "L1", "response_latency_hours");      // call 09:00, email opened 15:00
    is(0, "L1", "response_latency_hours_missing");
    is(0.5, "L1", "meeting_attendance_rate");   // 1 held / (1 held + 1 no-show)
    is(15, "L1", "proposal_engagement_minutes"); // (20 + 10) / 2
    is(0.5, "L1", "objection_resolution_rate"); // 1 resolved / 2 raised
    is(1.0 / 13, "L1", "budget_discussion_depth");
    is(10, "L1", "preferred_hour");             // 9 touches at 10h UTC
  }

  @Test
  void firmographicAndTemporal() {
    is(4, "L1", "seniority");          // VP
    is(3, "L1", "department");         // Finance
    is(0, "L1", "industry");           // Software
    is(0.88, "L1", "decision_maker_likelihood"); // VP 0.8 x finance 1.1
    is(0.6, "L5", "decision_maker_likelihood");  // no seniority: "Head of" in the title, sales x 1.0
    is(Math.log(100), "L1", "log_employees");
    is(10, "L1", "company_age_years");
    is(2, "L1", "funding_rounds");
    // decided before D: L3 won (Software, US), L4 lost (Finance, GB); overall 1/2, m = 20
    // segment values keep 3 significant digits: 11/21 = 0.5238..., 10/21 = 0.4761...
    is(0.524, "L1", "industry_affinity");
    is(0.476, "L5", "industry_affinity");
    // 2 of the 6 leads created before D are in the US, US rate (1 + 10) / 21
    is(0.175, "L1", "geographic_opportunity"); // 2/6 * 11/21 = 0.1746...
    is(10, "L1", "lead_age_days");
    is(Math.exp(-10.0 / 30), "L1", "lead_age_decay");
    is(20, "L1", "quarter_end_days");  // June 30
    is(6, "L1", "month_of_year");
  }

  @Test
  void zeroDenominatorsAndMissingDataStayMissing() {
    for (String f : List.of("engagement_velocity", "interaction_frequency", "response_latency_hours",
        "meeting_attendance_rate", "proposal_engagement_minutes", "objection_resolution_rate",
        "budget_discussion_depth", "days_since_last_touch", "preferred_hour", "seniority", "department",
        "lead_source", "industry", "country", "decision_maker_likelihood", "industry_affinity",
        "geographic_opportunity", "log_employees", "company_age_years", "funding_rounds")) {
      assertNull(v("L2", f), "L2." + f + " must be missing");
    }
    is(0, "L2", "page_views_90d");
    is(1, "L2", "response_latency_hours_missing");
    is(1, "L2", "preferred_hour_missing");
    assertNull(v("L5", "log_employees"), "0 employees: log is missing, not -infinity");
    assertNull(v("L5", "company_age_years"));
  }

  @Test
  void labelIsPositiveOnlyWithinTheHorizon() {
    Map<String, Row> ts = new HashMap<>();
    Dataset<Row> set = SparkTestSession.get().read().format("delta").load(lake.tables.path(Table.TRAINING_SET));
    set.collectAsList().forEach(r -> ts.put(r.getAs("lead_id"), r));
    assertEquals(List.of(Date.valueOf(D)), set.select("as_of_date").distinct().collectAsList().stream()
        .map(r -> r.getDate(0)).toList());
    assertEquals(1.0, (double) ts.get("L5").getAs("label"));
    assertEquals(10.0, (double) ts.get("L5").getAs("days_to_convert"), EPS);
    assertEquals(0.0, (double) ts.get("L6").getAs("label"), "converts 40 days after D: outside the 30-day horizon");
    assertTrue(ts.get("L6").isNullAt(ts.get("L6").fieldIndex("days_to_convert")));
    assertEquals(0.0, (double) ts.get("L1").getAs("label"));
  }

  @Test
  void dataDatedOnOrAfterDChangesNoFeatureOfD() {
    lake.lead("L7", "A1", "CEO", "C-Level", "Finance", "Web", "US", "2026-06-10T00:00:00Z")
        .lead("L8", "A1", null, "Staff", null, "Web", "US", "2026-06-10T00:00:00Z")
        .opportunity("L8", "lost", "2026-06-10T00:00:00Z") // decided at D: not yet known at D
        .activity("L1", "call", "2026-06-10T00:00:00Z", 5).activity("L1", "email_open", "2026-06-10T00:00:01Z", 0)
        .activity("L2", "call", "2026-06-10T00:00:00Z", 5).activity("L2", "email_reply", "2026-06-12T00:00:00Z", 0)
        .activity("L1", "meeting", "2026-06-15T10:00:00Z", 60).activity("L1", "objection_resolved", "2026-06-11T10:00:00Z", 0)
        .event("L1", "/pricing", "2026-06-10T00:00:00Z", false).event("L2", "/pricing", "2026-06-20T23:00:00Z", false)
        .write();
    // rebuilt, not kept: the snapshot at D is computed again from the new data
    new FeatureJob(SparkTestSession.get(), lake.tables, FeatureCatalog.standard()).rebuildingSnapshots().run(PLAN);
    Map<String, Row> after = rowsAt(D);
    assertEquals(atD.keySet(), after.keySet());
    for (String lead : atD.keySet()) {
      assertEquals(atD.get(lead), after.get(lead), "features of " + lead + " at D changed");
    }
    // and the new data is really there: the batch date sees it
    assertTrue(rowsAt(PLAN.batchDate()).containsKey("L7"));
  }
}
