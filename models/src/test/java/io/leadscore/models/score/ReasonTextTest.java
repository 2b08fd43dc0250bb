package io.leadscore.models.score;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.core.config.LeadscoreConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reason texts and next best actions for one lead, from hand-made contributions (no Spark, no model). */
class ReasonTextTest {
  static final List<String> FEATURES = List.of("pricing_views_7d", "days_since_last_touch", "log_employees",
      "response_latency_hours", "response_latency_hours_missing", "email_clicks_30d", "lead_source");
  final FeatureCatalog catalog = FeatureCatalog.standard();

  static ReasonSettings settings(Map<String, String> overrides) {
    return ReasonSettings.from(LeadscoreConfig.defaults(overrides).getConfig("leadscore.scoring"));
  }

  ReasonText text(Map<String, String> overrides) {
    return new ReasonText(catalog, FEATURES, settings(overrides));
  }

  // pricing +0.9, last touch 30 days -0.6, ~400 employees +0.2, no response -0.4 (value and indicator),
  // 1 click -0.1, lead source Referral 0
  final double[] contrib = {0.9, -0.6, 0.2, -0.3, -0.4, -0.1, 0.0, 0.5};
  final double[] values = {3, 30, Math.log(400), Double.NaN, 1, 1, 1};

  @Test
  void aHighScoreShowsWhatRaisesItFirstWithItsDirection() {
    var e = text(Map.of()).explain(contrib, values, "A");
    assertEquals(List.of("▲ Viewed the pricing page 3 times in the last 7 days", "▲ Company of about 400 employees",
        "▼ No activity for 4 weeks"), e.reasons());
  }

  @Test
  void aTierDLeadFirstSaysWhatHoldsItBack() {
    var e = text(Map.of()).explain(contrib, values, "D");
    // the missing response and its indicator are one family: said once, the next family's reason follows
    assertEquals(List.of("▼ No activity for 4 weeks", "▼ Has not responded to outreach yet",
        "▼ Clicked only 1 email link in the last 30 days"), e.reasons());
    assertEquals("No activity for 4 weeks: call this week", e.action());
  }

  @Test
  void tierCLeadsWithTheHeavierSide() {
    // the features' contributions sum to -0.3: what lowers the score first
    assertTrue(text(Map.of()).explain(contrib, values, "C").reasons().get(0).startsWith("▼"));
    double[] heavierUp = contrib.clone();
    heavierUp[0] = 2;
    assertTrue(text(Map.of()).explain(heavierUp, values, "C").reasons().get(0).startsWith("▲"));
  }

  @Test
  void theActionComesFromTheStrongestNegativeDriverWithARule() {
    double[] c = contrib.clone();
    c[4] = -0.8; // no reply to outreach now weighs more than the 30 quiet days
    assertEquals("No reply to outreach yet: try a call instead of email", text(Map.of()).explain(c, values, "D").action());
    double[] recent = values.clone();
    recent[1] = 3; // active 3 days ago: that rule does not apply, the next negative driver's does
    assertEquals("No reply to outreach yet: try a call instead of email",
        text(Map.of()).explain(contrib, recent, "D").action());
  }

  @Test
  void noActionWhenNoRuleApplies() {
    double[] onlyUp = {0.9, 0, 0.2, 0, 0, 0, 0, 0.5};
    assertEquals("", text(Map.of()).explain(onlyUp, values, "B").action());
    assertEquals("", text(Map.of("leadscore.scoring.actions", "[]")).explain(contrib, values, "D").action());
  }

  @Test
  void reasonsAreCutAtMaxChars() {
    var e = text(Map.of("leadscore.scoring.reasons.max_chars", "30")).explain(contrib, values, "A");
    assertEquals("▲ Viewed the pricing page 3…", e.reasons().get(0));
    e.reasons().forEach(r -> assertTrue(r.length() <= 30, r));
  }

  @Test
  void anIdenticalSentenceIsSaidOnce() {
    double[] c = new double[8];
    c[3] = -0.5;
    c[4] = -0.5;
    double[] v = {0, 0, 0, Double.NaN, 1, 0, 0};
    List<String> reasons = new ReasonText(catalog, FEATURES, settings(Map.of())).explain(c, v, "D").reasons();
    assertEquals(reasons.size(), reasons.stream().distinct().count(), reasons.toString());
  }

  @Test
  void anotherLanguageIsAFile() {
    // src/test/resources/.../reasons_de.properties translates page views and the last touch, nothing else
    ReasonText de = new ReasonText(catalog, List.of("page_views_7d", "days_since_last_touch", "log_employees"),
        settings(Map.of("leadscore.scoring.reasons.language", "de")));
    assertEquals(List.of("▼ Nur 1 Seitenbesuch in den letzten 7 Tagen", "▼ Seit 4 Wochen keine Aktivität",
        "▼ Company of about 400 employees"),
        de.explain(new double[] {-1, -0.5, -0.2}, new double[] {1, 30, Math.log(400)}, "D").reasons());
  }

  @Test
  void aLeadsTopReasonsComeFromDistinctFamiliesEachItsStrongest() {
    // the repeats: an age and its decay, the two engagement rates, three windows of page views
    List<String> f = List.of("lead_age_days", "lead_age_decay", "engagement_velocity", "interaction_frequency",
        "page_views_7d", "page_views_90d", "seniority");
    ReasonText t = new ReasonText(catalog, f, settings(Map.of()));
    double[] v = {240, Math.exp(-240 / 30.0), 2 / 30.44, 3 / 30.44, 1, 17, 3};
    double[] c = {-0.9, -0.8, -0.5, -0.7, -0.4, -0.3, 0.1};
    assertEquals(List.of("▼ Lead still open 8 months after creation",
        "▼ Only about 3 interactions a month since first contact", "▼ Only 1 page visit in the last 7 days"),
        t.explain(c, v, "D").reasons());
    // a family on one side is not repeated on the other (an ageing lead that was also "created 8 months ago")
    double[] mixed = {0.9, -0.8, 0, 0, 0, 0, 0.1};
    assertEquals(List.of("▲ Lead created 8 months ago", "▲ Seniority: Director"), t.explain(mixed, v, "A").reasons());
    assertEquals(List.of("lead_age", "lead_age", "engagement_rate", "engagement_rate", "page_views", "page_views",
        "role"), t.families());
  }

  @Test
  void theActionNamesTheLeadsUsualActiveHoursWhenTheDataShowsThem() {
    ReasonText t = new ReasonText(catalog, List.of("days_since_last_touch", "preferred_hour"), settings(Map.of()));
    double[] c = {-0.6, 0.1};
    assertEquals("No activity for 4 weeks: call this week; call between 10:00 and 11:00 UTC, when they usually engage",
        t.explain(c, new double[] {30, 10}, "D").action());
    assertEquals("No activity for 4 weeks: call this week", t.explain(c, new double[] {30, Double.NaN}, "D").action(),
        "no activity hour known: no hours");
    assertEquals("", t.explain(new double[] {0.6, 0.1}, new double[] {3, 10}, "A").action(), "no action, no hours");
    ReasonText narrow = new ReasonText(catalog, List.of("days_since_last_touch", "preferred_hour"),
        settings(Map.of("leadscore.scoring.reasons.max_chars", "60")));
    assertEquals("No activity for 4 weeks: call this week", narrow.explain(c, new double[] {30, 23}, "D").action(),
        "the advice is never cut for the hours");
  }
}
