package io.leadscore.features.catalog;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.features.catalog.FeatureDefinition.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reason sentences in human units: the cases issues 10 and 18 found in the CRM outbox. */
class ReasonFormatTest {
  final FeatureCatalog standard = FeatureCatalog.standard();

  String up(String feature, double value) {
    return standard.get(feature).reason(value, true);
  }

  String down(String feature, double value) {
    return standard.get(feature).reason(value, false);
  }

  @Test
  void hoursBecomeDaysAndWeeksAbove48Hours() {
    assertEquals("Responded 1 hour after first contact", up("response_latency_hours", 1.2));
    assertEquals("Responded 48 hours after first contact", up("response_latency_hours", 48));
    assertEquals("Took 3 days to respond to first contact", down("response_latency_hours", 70));
    // L0000002: "Responded 1465.46 hours after first contact"
    assertEquals("Took 9 weeks to respond to first contact", down("response_latency_hours", 1465.46));
  }

  @Test
  void daysBecomeWeeksAndMonths() {
    assertEquals("Last active 1 day ago", up("days_since_last_touch", 1)); // was "Active 1 days ago"
    assertEquals("No activity for 3 weeks", down("days_since_last_touch", 21));
    assertEquals("Lead still open 4 months after creation", down("lead_age_days", 120));
    assertEquals("Active in the last day", up("days_since_last_touch", 0));
  }

  @Test
  void noLogarithmDecayOrRawRate() {
    // L0000007: "Company size (log employees 3.04)", L0000005: "Fresh lead (decay 0.86)"
    assertEquals("Company of about 21 employees", up("log_employees", 3.04));
    assertEquals("Company of about 1,200 employees", up("log_employees", Math.log(1234)));
    assertEquals("Company of about 1 employee", up("log_employees", 0));
    assertEquals("Fresh lead, created 5 days ago", up("lead_age_decay", 0.86));
    assertEquals("Leads in this industry convert 6% of the time", up("industry_affinity", 0.06));
    assertEquals("Role points to a decision maker (80% likelihood)", up("decision_maker_likelihood", 0.8));
    // "Strong market (0.06)": a share times a rate has no meaning for a rep, so no number is shown
    assertEquals("Strong market: many leads come from this country and convert well",
        up("geographic_opportunity", 0.06));
    assertEquals("Engages about 2.5 times a week since creation", up("engagement_velocity", 0.357));
    // "Engages only about 0.2 times a week": below once a week, per month
    assertEquals("Engages only about 1 time a month since creation", down("engagement_velocity", 0.03));
    assertEquals("Only about 2 interactions a month since first contact", down("interaction_frequency", 0.06));
    assertEquals("November is a strong month for deals", up("month_of_year", 11));
    assertEquals("Usually active around 09:00 UTC", up("preferred_hour", 9));
  }

  @Test
  void pluralsAgree() {
    // "Clicked 1 email links in the last 30 days"
    assertEquals("Clicked only 1 email link in the last 30 days", down("email_clicks_30d", 1));
    assertEquals("Clicked 2 email links in the last 30 days", up("email_clicks_30d", 2));
    assertEquals("Attended 1 meeting in the last 90 days", up("meetings_90d", 1));
    assertEquals("Company founded 1 year ago", up("company_age_years", 1));
    assertEquals("Engages only about 1 time a week since creation", down("engagement_velocity", 1 / 7.0));
  }

  @Test
  void missingAndZeroHaveTheirOwnSentences() {
    assertEquals("No page visits in the last 7 days", down("page_views_7d", 0));
    assertEquals("No response to outreach recorded yet", down("response_latency_hours", Double.NaN));
    assertEquals("No interactions recorded yet", down("interaction_frequency", Double.NaN));
    assertEquals("Has not responded to outreach yet", down("response_latency_hours_missing", 1));
    assertEquals("Has responded to outreach", up("response_latency_hours_missing", 0));
    assertEquals("Lead source not recorded", up("lead_source", Double.NaN));
  }

  @Test
  void everyStandardFeatureReadsWithoutUnknownNaNOrRawNumbers() {
    for (FeatureDefinition f : standard.features()) {
      for (double v : new double[] {Double.NaN, 0, 1, 2, 0.5, 3.7, 100}) {
        for (boolean positive : new boolean[] {true, false}) {
          String s = f.reason(v, positive);
          assertFalse(s.contains("{") || s.contains("}"), f.name() + ": " + s);
          assertFalse(s.toLowerCase().contains("unknown") || s.contains("NaN") || s.contains("Infinity"),
              f.name() + ": " + s);
          assertFalse(s.matches(".*\\b1 (\\w+ )?(pages|times|links|emails|forms|pieces|meetings|days|weeks|hours"
              + "|months|years|employees|minutes|interactions|points|rounds)\\b.*"), f.name() + ": " + s);
          assertFalse(s.matches(".*\\d\\.\\d\\d.*"), "a raw two-decimal number: " + f.name() + ": " + s);
        }
      }
    }
  }

  @Test
  void aLearnedDefinitionWithoutMissingSentenceGetsTheGenericOne() {
    FeatureDefinition f = FeatureDefinition.builder("total_visits").group("export").describe("x").type(Type.NUMBER)
        .reasons("Total Visits is {value}", "Total Visits is only {value}").build();
    assertEquals("Total visits not recorded", f.reason(Double.NaN, false));
    assertEquals("Total Visits is 2.5", f.reason(2.49, true));
    FeatureDefinition c = FeatureDefinition.builder("origin").group("export").describe("x").type(Type.CATEGORY)
        .levels(List.of("api", "form")).reasons("Origin: {value}", "Origin: {value}").build();
    assertEquals("Origin: another value", c.reason(7, true));
  }

  @Test
  void aCatalogueStoredBeforeDisplaysExistedStillReads() {
    String old = "{\"version\":\"v\",\"features\":[{\"name\":\"visits\",\"group\":\"g\",\"description\":\"d\","
        + "\"type\":\"COUNT\",\"missing\":\"ZERO\",\"reasonUp\":\"Visited {value} pages\",\"reasonDown\":\"x\","
        + "\"levels\":[]}]}";
    FeatureDefinition f = Catalogs.fromJson(old, "test").get("visits");
    assertEquals(FeatureDefinition.Display.COUNT, f.display());
    assertEquals("Visited 3 pages", f.reason(3, true));
    assertEquals("Visits not recorded", f.reason(Double.NaN, true));
  }
}
