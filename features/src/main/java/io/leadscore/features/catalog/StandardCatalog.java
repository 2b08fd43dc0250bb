package io.leadscore.features.catalog;

import static io.leadscore.features.catalog.FeatureDefinition.Type.*;

import java.util.List;

/** The standard features, computed as of a snapshot date D from data strictly before D. */
final class StandardCatalog implements FeatureCatalog {
  static final List<String> SENIORITY = List.of("Intern", "Staff", "Manager", "Director", "VP", "C-Level");
  static final List<String> SOURCES = List.of("Web", "Referral", "Event", "Paid Search", "Partner", "Cold Outbound");
  static final List<String> INDUSTRIES =
      List.of("Software", "Finance", "Healthcare", "Retail", "Manufacturing", "Education", "Media", "Logistics");

  static final StandardCatalog INSTANCE = new StandardCatalog();

  private final List<FeatureDefinition> features = List.of(
      count("page_views_7d", "behaviour", "Web page views (bots excluded) in the 7 days before D",
          "Visited {value} pages in the last 7 days", "Only {value} page visits in the last 7 days"),
      count("page_views_30d", "behaviour", "Web page views (bots excluded) in the 30 days before D",
          "Visited {value} pages in the last 30 days", "Only {value} page visits in the last 30 days"),
      count("page_views_90d", "behaviour", "Web page views (bots excluded) in the 90 days before D",
          "Visited {value} pages in the last 90 days", "Only {value} page visits in the last 90 days"),
      count("pricing_views_7d", "behaviour", "Pricing-page views in the 7 days before D",
          "Visited the pricing page {value} times in the last 7 days", "No recent pricing-page visit ({value} in 7 days)"),
      count("pricing_views_30d", "behaviour", "Pricing-page views in the 30 days before D",
          "Visited the pricing page {value} times in the last 30 days", "Few pricing-page visits ({value} in 30 days)"),
      count("email_opens_30d", "behaviour", "Emails opened in the 30 days before D",
          "Opened {value} emails in the last 30 days", "Opened only {value} emails in the last 30 days"),
      count("email_clicks_30d", "behaviour", "Email links clicked in the 30 days before D",
          "Clicked {value} email links in the last 30 days", "Clicked only {value} email links in the last 30 days"),
      count("meetings_90d", "interaction", "Meetings held in the 90 days before D",
          "Attended {value} meetings in the last 90 days", "Only {value} meetings in the last 90 days"),
      count("forms_90d", "behaviour", "Forms submitted in the 90 days before D",
          "Submitted {value} forms in the last 90 days", "Submitted only {value} forms in the last 90 days"),
      count("content_90d", "behaviour", "Content downloads and video views in the 90 days before D",
          "Consumed {value} pieces of content in the last 90 days", "Consumed little content ({value} in 90 days)"),
      def("days_since_last_touch", "behaviour", DAYS,
          "Days since the last web visit or CRM activity before D; missing when there was none",
          "Active {value} days ago", "No touch for {value} days"),
      def("lead_age_days", "temporal", DAYS, "Days from the lead's creation to D",
          "Lead created {value} days ago", "Lead is {value} days old"),
      def("engagement_velocity", "behaviour", RATIO,
          "(email opens + page views + form submissions before D) / days since creation; missing at age 0",
          "High engagement velocity ({value} touches per day)", "Low engagement velocity ({value} touches per day)"),
      category("seniority", "firmographic", "Seniority of the contact (ordinal)", SENIORITY,
          "Seniority: {value}", "Seniority: {value}"),
      category("lead_source", "firmographic", "Where the lead came from", SOURCES,
          "Came from {value}", "Came from {value}"),
      category("industry", "firmographic", "Industry of the lead's company", INDUSTRIES,
          "Works in {value}", "Works in {value}"),
      def("log_employees", "firmographic", NUMBER, "Natural log of the company's employee count",
          "Company size (log employees {value})", "Company size (log employees {value})"),
      def("company_age_years", "firmographic", NUMBER, "Years since the company was founded, at D",
          "Company founded {value} years ago", "Company founded {value} years ago"));

  private StandardCatalog() {}

  @Override
  public String version() {
    return "standard-1";
  }

  @Override
  public List<FeatureDefinition> features() {
    return features;
  }

  private static FeatureDefinition count(String name, String group, String desc, String up, String down) {
    return FeatureDefinition.builder(name).group(group).describe(desc).type(COUNT)
        .missing(FeatureDefinition.Missing.ZERO).reasons(up, down).build();
  }

  private static FeatureDefinition def(String name, String group, FeatureDefinition.Type type, String desc,
                                       String up, String down) {
    return FeatureDefinition.builder(name).group(group).describe(desc).type(type).reasons(up, down).build();
  }

  private static FeatureDefinition category(String name, String group, String desc, List<String> levels,
                                            String up, String down) {
    return FeatureDefinition.builder(name).group(group).describe(desc).type(CATEGORY).levels(levels)
        .reasons(up, down).build();
  }
}
