package io.leadscore.features.catalog;

import static io.leadscore.features.catalog.FeatureDefinition.Type.*;

import io.leadscore.features.catalog.FeatureDefinition.Missing;
import java.util.ArrayList;
import java.util.List;

/**
 * The standard features of the CRM + web-analytics exports, computed as of a snapshot date D from data
 * strictly before D. The order here is the column order of the {@code features} table and of the model's
 * vector; {@code features/FEATURES.md} is generated from this list ({@link FeatureDocs}).
 */
final class StandardCatalog implements FeatureCatalog {
  static final List<String> SENIORITY = List.of("Intern", "Staff", "Manager", "Director", "VP", "C-Level");
  static final List<String> SOURCES = List.of("Web", "Referral", "Event", "Paid Search", "Partner", "Cold Outbound");
  static final List<String> INDUSTRIES =
      List.of("Software", "Finance", "Healthcare", "Retail", "Manufacturing", "Education", "Media", "Logistics");
  static final List<String> DEPARTMENTS = List.of("Engineering", "Marketing", "Sales", "Finance", "Operations", "HR");
  static final List<String> COUNTRIES = List.of("US", "GB", "DE", "FR", "IN", "BR", "CA", "AU");

  static final StandardCatalog INSTANCE = new StandardCatalog();

  private final List<FeatureDefinition> features;

  private StandardCatalog() {
    List<FeatureDefinition> l = new ArrayList<>();
    // behaviour: windows of web and email activity
    for (int days : new int[] {7, 30, 90}) {
      l.add(count("page_views_" + days + "d", "behaviour", "Web page views (bots excluded) in the " + days
          + " days before D", "Visited {value} pages in the last " + days + " days",
          "Only {value} page visits in the last " + days + " days"));
    }
    for (int days : new int[] {7, 30, 90}) {
      l.add(count("pricing_views_" + days + "d", "behaviour", "Pricing-page views in the " + days + " days before D",
          "Visited the pricing page {value} times in the last " + days + " days",
          "Few pricing-page visits ({value} in " + days + " days)"));
    }
    for (int days : new int[] {7, 30, 90}) {
      l.add(count("email_clicks_" + days + "d", "behaviour", "Email links clicked in the " + days + " days before D",
          "Clicked {value} email links in the last " + days + " days",
          "Clicked only {value} email links in the last " + days + " days"));
    }
    l.add(count("email_opens_30d", "behaviour", "Emails opened in the 30 days before D",
        "Opened {value} emails in the last 30 days", "Opened only {value} emails in the last 30 days"));
    l.add(count("forms_90d", "behaviour", "Forms submitted in the 90 days before D",
        "Submitted {value} forms in the last 90 days", "Submitted only {value} forms in the last 90 days"));
    l.add(count("content_90d", "behaviour", "Content downloads and video views in the 90 days before D",
        "Consumed {value} pieces of content in the last 90 days", "Consumed little content ({value} in 90 days)"));
    l.add(def("content_score_90d", "behaviour", NUMBER, Missing.ZERO,
        "Content consumption score over the 90 days before D: 3 per download, 2 per whitepaper or case-study "
            + "page view, 1 per video view",
        "Strong content consumption (score {value} in 90 days)", "Little content consumed (score {value} in 90 days)"));
    l.add(def("days_since_last_touch", "behaviour", DAYS, Missing.KEEP,
        "Days since the last web visit or CRM activity before D; missing when there was none",
        "Active {value} days ago", "No touch for {value} days"));
    l.add(def("engagement_velocity", "behaviour", RATIO, Missing.KEEP,
        "(email opens + page views + form submissions before D) / whole days since creation; missing at age 0",
        "High engagement velocity ({value} touches per day)", "Low engagement velocity ({value} touches per day)"));
    l.add(def("interaction_frequency", "behaviour", RATIO, Missing.KEEP,
        "Touchpoints (page views + CRM activities) before D / whole days since the first touchpoint; missing "
            + "without a touchpoint or when the first was less than a day before D",
        "Frequent interactions ({value} per day)", "Infrequent interactions ({value} per day)"));
    l.addAll(withIndicator(def("response_latency_hours", "behaviour", NUMBER, Missing.INDICATOR,
        "Hours from the first outbound contact (call, email_sent) to the lead's first response after it "
            + "(email_open, email_click, email_reply, form_submit, meeting), both before D; missing when not "
            + "contacted or not yet responded",
        "Responded {value} hours after first contact", "Slow to respond ({value} hours after first contact)")));
    // interaction quality
    l.add(count("meetings_90d", "interaction", "Meetings held in the 90 days before D",
        "Attended {value} meetings in the last 90 days", "Only {value} meetings in the last 90 days"));
    l.add(def("meeting_attendance_rate", "interaction", RATIO, Missing.KEEP,
        "Meetings held / (meetings held + meeting_no_show) before D; missing when none was scheduled",
        "Attends meetings (attendance {value})", "Misses meetings (attendance {value})"));
    l.add(def("proposal_engagement_minutes", "interaction", NUMBER, Missing.KEEP,
        "Minutes spent on proposals (proposal_view duration) / number of proposal views before D; missing "
            + "without a proposal view",
        "Spent {value} minutes per proposal view", "Spent only {value} minutes per proposal view"));
    l.add(def("objection_resolution_rate", "interaction", RATIO, Missing.KEEP,
        "Objections resolved / objections raised before D; missing when none was raised",
        "Objections resolved (rate {value})", "Objections unresolved (rate {value})"));
    l.add(def("budget_discussion_depth", "interaction", RATIO, Missing.KEEP,
        "Budget discussions / CRM interactions before D; missing without a CRM interaction",
        "Budget discussed often ({value} of interactions)", "Budget rarely discussed ({value} of interactions)"));
    // demographic and firmographic
    l.add(category("seniority", "firmographic", "Seniority of the contact (ordinal)", SENIORITY,
        "Seniority: {value}", "Seniority: {value}"));
    l.add(category("department", "firmographic", "Department of the contact", DEPARTMENTS,
        "Works in {value}", "Works in {value}"));
    l.add(def("decision_maker_likelihood", "firmographic", NUMBER, Missing.KEEP,
        "Likelihood (0-1) that the contact decides on purchases, from seniority, job title and department "
            + "(io.leadscore.features.gold.DecisionMaker); missing when all three are unknown",
        "Likely a decision maker ({value})", "Unlikely a decision maker ({value})"));
    l.add(category("lead_source", "firmographic", "Where the lead came from", SOURCES,
        "Came from {value}", "Came from {value}"));
    l.add(category("industry", "firmographic", "Industry of the lead's company", INDUSTRIES,
        "Company in {value}", "Company in {value}"));
    l.add(def("industry_affinity", "firmographic", RATIO, Missing.KEEP,
        "Conversion rate of the company's industry among leads whose outcome (won or lost) was known before D, "
            + "smoothed towards the overall rate: (won + m * overall) / (decided + m), m = "
            + "leadscore.features.affinity_smoothing",
        "Industry converts well ({value})", "Industry converts poorly ({value})"));
    l.add(category("country", "firmographic", "Country of the lead", COUNTRIES, "Based in {value}", "Based in {value}"));
    l.add(def("geographic_opportunity", "firmographic", NUMBER, Missing.KEEP,
        "Market size x regional conversion rate: the country's share of leads created before D times its "
            + "smoothed conversion rate among outcomes known before D",
        "Strong market ({value})", "Weak market ({value})"));
    l.add(def("log_employees", "firmographic", NUMBER, Missing.KEEP, "Natural log of the company's employee count",
        "Company size (log employees {value})", "Company size (log employees {value})"));
    l.add(def("company_age_years", "firmographic", NUMBER, Missing.KEEP, "Years since the company was founded, at D",
        "Company founded {value} years ago", "Company founded {value} years ago"));
    l.add(def("funding_rounds", "firmographic", COUNT, Missing.KEEP, "Funding rounds the company has raised",
        "Company raised {value} funding rounds", "Company raised {value} funding rounds"));
    // temporal
    l.add(def("lead_age_days", "temporal", DAYS, Missing.KEEP, "Days from the lead's creation to D",
        "Lead created {value} days ago", "Lead is {value} days old"));
    l.add(def("lead_age_decay", "temporal", NUMBER, Missing.KEEP, "exp(-lead age in days / 30)",
        "Fresh lead (decay {value})", "Ageing lead (decay {value})"));
    l.add(def("quarter_end_days", "temporal", DAYS, Missing.KEEP, "Days from D to the last day of D's quarter",
        "{value} days to quarter end", "{value} days to quarter end"));
    l.add(def("month_of_year", "temporal", NUMBER, Missing.KEEP, "Month of D (1-12): seasonal intent",
        "Seasonal intent (month {value})", "Seasonal intent (month {value})"));
    l.addAll(withIndicator(def("preferred_hour", "temporal", NUMBER, Missing.INDICATOR,
        "UTC hour of day with most web visits and CRM activities before D (earliest hour on ties); missing "
            + "without any", "Usually active around {value}h UTC", "Usually active around {value}h UTC")));
    features = List.copyOf(l);
  }

  @Override
  public String version() {
    return "standard-2";
  }

  @Override
  public List<FeatureDefinition> features() {
    return features;
  }

  private static FeatureDefinition count(String name, String group, String desc, String up, String down) {
    return def(name, group, COUNT, Missing.ZERO, desc, up, down);
  }

  static FeatureDefinition def(String name, String group, FeatureDefinition.Type type, Missing missing,
                               String desc, String up, String down) {
    return FeatureDefinition.builder(name).group(group).describe(desc).type(type).missing(missing)
        .reasons(up, down).build();
  }

  private static FeatureDefinition category(String name, String group, String desc, List<String> levels,
                                            String up, String down) {
    return FeatureDefinition.builder(name).group(group).describe(desc).type(CATEGORY).levels(levels)
        .reasons(up, down).build();
  }

  /** A feature with {@link Missing#INDICATOR}, followed by its 0/1 missing-indicator feature. */
  static List<FeatureDefinition> withIndicator(FeatureDefinition f) {
    return List.of(f, FeatureDefinition.builder(f.name() + FeatureDefinition.INDICATOR_SUFFIX).group(f.group())
        .describe("1 when " + f.name() + " is missing, else 0").type(COUNT).missing(Missing.ZERO)
        .reasons("No " + f.name().replace('_', ' ') + " known", f.name().replace('_', ' ') + " is known")
        .build());
  }
}
