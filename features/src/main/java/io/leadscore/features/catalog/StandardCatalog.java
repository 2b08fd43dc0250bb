package io.leadscore.features.catalog;

import static io.leadscore.features.catalog.FeatureDefinition.Type.*;

import io.leadscore.features.catalog.FeatureDefinition.Display;
import io.leadscore.features.catalog.FeatureDefinition.Missing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * The standard features of the CRM + web-analytics exports, computed as of a snapshot date D from data
 * strictly before D. The order here is the column order of the {@code features} table and of the model's
 * vector; {@code docs/reference/features.md} is generated from this list ({@link FeatureDocs}).
 */
final class StandardCatalog implements FeatureCatalog {
  static final List<String> SENIORITY = List.of("Intern", "Staff", "Manager", "Director", "VP", "C-Level");
  static final List<String> SOURCES = List.of("Web", "Referral", "Event", "Paid Search", "Partner", "Cold Outbound");
  static final List<String> INDUSTRIES =
      List.of("Software", "Finance", "Healthcare", "Retail", "Manufacturing", "Education", "Media", "Logistics");
  static final List<String> DEPARTMENTS = List.of("Engineering", "Marketing", "Sales", "Finance", "Operations", "HR");
  static final List<String> COUNTRIES = List.of("US", "GB", "DE", "FR", "IN", "BR", "CA", "AU");

  /**
   * Reason families of the features that tell a rep the same fact in other words (the windows of one count, a
   * value and the rate derived from it, an age and its decay); every other feature is its own family.
   */
  static final Map<String, String> FAMILIES = Map.ofEntries(
      Map.entry("page_views_7d", "page_views"), Map.entry("page_views_30d", "page_views"),
      Map.entry("page_views_90d", "page_views"), Map.entry("pricing_views_7d", "pricing_views"),
      Map.entry("pricing_views_30d", "pricing_views"), Map.entry("pricing_views_90d", "pricing_views"),
      Map.entry("email_clicks_7d", "email_clicks"), Map.entry("email_clicks_30d", "email_clicks"),
      Map.entry("email_clicks_90d", "email_clicks"), Map.entry("content_90d", "content"),
      Map.entry("content_score_90d", "content"), Map.entry("engagement_velocity", "engagement_rate"),
      Map.entry("interaction_frequency", "engagement_rate"), Map.entry("seniority", "role"),
      Map.entry("decision_maker_likelihood", "role"), Map.entry("industry_affinity", "industry"),
      Map.entry("geographic_opportunity", "country"), Map.entry("lead_age_decay", "lead_age"),
      Map.entry("lead_age_days", "lead_age"));

  static final StandardCatalog INSTANCE = new StandardCatalog();

  private final List<FeatureDefinition> features;

  private StandardCatalog() {
    List<FeatureDefinition> l = new ArrayList<>();
    // behaviour: windows of web and email activity
    for (int days : new int[] {7, 30, 90}) {
      l.add(count("page_views_" + days + "d", "behaviour", "Web page views (bots excluded) in the " + days
          + " days before D"));
    }
    for (int days : new int[] {7, 30, 90}) {
      l.add(count("pricing_views_" + days + "d", "behaviour", "Pricing-page views in the " + days + " days before D"));
    }
    for (int days : new int[] {7, 30, 90}) {
      l.add(count("email_clicks_" + days + "d", "behaviour", "Email links clicked in the " + days + " days before D"));
    }
    l.add(count("email_opens_30d", "behaviour", "Emails opened in the 30 days before D"));
    l.add(count("forms_90d", "behaviour", "Forms submitted in the 90 days before D"));
    l.add(count("content_90d", "behaviour", "Content downloads and video views in the 90 days before D"));
    l.add(def("content_score_90d", "behaviour", NUMBER, Missing.ZERO, Display.INTEGER,
        "Content consumption score over the 90 days before D: 3 per download, 2 per whitepaper or case-study "
            + "page view, 1 per video view"));
    l.add(def("days_since_last_touch", "behaviour", DAYS, Missing.KEEP, Display.DAYS,
        "Days since the last web visit or CRM activity before D; missing when there was none"));
    l.add(def("engagement_velocity", "behaviour", RATIO, Missing.KEEP, Display.PER_WEEK,
        "(email opens + page views + form submissions before D) / whole days since creation; missing at age 0"));
    l.add(def("interaction_frequency", "behaviour", RATIO, Missing.KEEP, Display.PER_WEEK,
        "Touchpoints (page views + CRM activities) before D / whole days since the first touchpoint; missing "
            + "without a touchpoint or when the first was less than a day before D"));
    l.addAll(withIndicator(def("response_latency_hours", "behaviour", NUMBER, Missing.INDICATOR, Display.HOURS,
        "Hours from the first outbound contact (call, email_sent) to the lead's first response after it "
            + "(email_open, email_click, email_reply, form_submit, meeting), both before D; missing when not "
            + "contacted or not yet responded")));
    // interaction quality
    l.add(count("meetings_90d", "interaction", "Meetings held in the 90 days before D"));
    l.add(def("meeting_attendance_rate", "interaction", RATIO, Missing.KEEP, Display.PERCENT,
        "Meetings held / (meetings held + meeting_no_show) before D; missing when none was scheduled"));
    l.add(def("proposal_engagement_minutes", "interaction", NUMBER, Missing.KEEP, Display.INTEGER,
        "Minutes spent on proposals (proposal_view duration) / number of proposal views before D; missing "
            + "without a proposal view"));
    l.add(def("objection_resolution_rate", "interaction", RATIO, Missing.KEEP, Display.PERCENT,
        "Objections resolved / objections raised before D; missing when none was raised"));
    l.add(def("budget_discussion_depth", "interaction", RATIO, Missing.KEEP, Display.PERCENT,
        "Budget discussions / CRM interactions before D; missing without a CRM interaction"));
    // demographic and firmographic
    l.add(category("seniority", "firmographic", "Seniority of the contact (ordinal)", SENIORITY));
    l.add(category("department", "firmographic", "Department of the contact", DEPARTMENTS));
    l.add(def("decision_maker_likelihood", "firmographic", NUMBER, Missing.KEEP, Display.PERCENT,
        "Likelihood (0-1) that the contact decides on purchases, from seniority, job title and department "
            + "(io.leadscore.features.gold.DecisionMaker); missing when all three are unknown"));
    l.add(category("lead_source", "firmographic", "Where the lead came from", SOURCES));
    l.add(category("industry", "firmographic", "Industry of the lead's company", INDUSTRIES));
    // one value per category and date: marked so that drift is judged by the category's mix, not the rates
    l.add(perDate(def("industry_affinity", "firmographic", RATIO, Missing.KEEP, Display.PERCENT,
        "Conversion rate of the company's industry among leads whose outcome (won or lost) was known before D, "
            + "smoothed towards the overall rate: (won + m * overall) / (decided + m), m = "
            + "leadscore.features.affinity_smoothing; rounded to 3 significant digits"), false, "industry"));
    l.add(category("country", "firmographic", "Country of the lead", COUNTRIES));
    l.add(perDate(def("geographic_opportunity", "firmographic", NUMBER, Missing.KEEP, Display.DECIMAL,
        "Market size x regional conversion rate: the country's share of leads created before D times its "
            + "smoothed conversion rate among outcomes known before D, rounded to 3 significant digits"), false,
        "country"));
    l.add(def("log_employees", "firmographic", NUMBER, Missing.KEEP, Display.EXP_COUNT,
        "Natural log of the company's employee count"));
    l.add(def("company_age_years", "firmographic", NUMBER, Missing.KEEP, Display.INTEGER,
        "Years since the company was founded, at D"));
    l.add(def("funding_rounds", "firmographic", COUNT, Missing.KEEP, Display.COUNT,
        "Funding rounds the company has raised"));
    // temporal
    l.add(def("lead_age_days", "temporal", DAYS, Missing.KEEP, Display.DAYS, "Days from the lead's creation to D"));
    l.add(def("lead_age_decay", "temporal", NUMBER, Missing.KEEP, Display.DECAY_30_DAYS,
        "exp(-lead age in days / 30)"));
    // one value per snapshot date: marked so that drift is not measured across dates
    l.add(perDate(def("quarter_end_days", "temporal", DAYS, Missing.KEEP, Display.DAYS,
        "Days from D to the last day of D's quarter"), true, null));
    l.add(perDate(def("month_of_year", "temporal", NUMBER, Missing.KEEP, Display.MONTH,
        "Month of D (1-12): seasonal intent"), true, null));
    l.addAll(withIndicator(def("preferred_hour", "temporal", NUMBER, Missing.INDICATOR, Display.HOUR_OF_DAY,
        "UTC hour of day with most web visits and CRM activities before D (earliest hour on ties); missing "
            + "without any")));
    features = List.copyOf(l);
  }

  @Override
  public String version() {
    return "standard-3";
  }

  @Override
  public List<FeatureDefinition> features() {
    return features;
  }

  private static FeatureDefinition count(String name, String group, String desc) {
    return def(name, group, COUNT, Missing.ZERO, Display.COUNT, desc);
  }

  static FeatureDefinition def(String name, String group, FeatureDefinition.Type type, Missing missing,
                               Display display, String desc) {
    return templates(FeatureDefinition.builder(name).group(group).describe(desc).type(type).missing(missing)
        .display(display), name).build();
  }

  private static FeatureDefinition category(String name, String group, String desc, List<String> levels) {
    return templates(FeatureDefinition.builder(name).group(group).describe(desc).type(CATEGORY).levels(levels)
        .display(Display.LEVEL), name).build();
  }

  /** The feature's reason sentences from the English bundle (every standard feature has up and down). */
  private static FeatureDefinitionBuilder templates(FeatureDefinitionBuilder b, String name) {
    ResourceBundle r = ResourceBundle.getBundle(ReasonFormat.BUNDLE, Locale.ROOT,
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    String base = name.endsWith(FeatureDefinition.INDICATOR_SUFFIX)
        ? name.substring(0, name.length() - FeatureDefinition.INDICATOR_SUFFIX.length()) : name;
    return b.reasons(r.getString(name + ".up"), r.getString(name + ".down"))
        .family(FAMILIES.getOrDefault(base, base))
        .whenMissing(r.containsKey(name + ".missing") ? r.getString(name + ".missing") : null)
        .whenZero(r.containsKey(name + ".zero") ? r.getString(name + ".zero") : null);
  }

  private static FeatureDefinition perDate(FeatureDefinition f, boolean dateDerived, String encodes) {
    return new FeatureDefinition(f.name(), f.group(), f.description(), f.type(), f.missing(), f.levels(),
        new FeatureDefinition.Values(f.display(), dateDerived, encodes), f.reasons());
  }

  /** A feature with {@link Missing#INDICATOR}, followed by its 0/1 missing-indicator feature. */
  static List<FeatureDefinition> withIndicator(FeatureDefinition f) {
    String name = f.name() + FeatureDefinition.INDICATOR_SUFFIX;
    return List.of(f, templates(FeatureDefinition.builder(name).group(f.group())
        .describe("1 when " + f.name() + " is missing, else 0").type(COUNT).missing(Missing.ZERO)
        .display(Display.INTEGER), name).build());
  }
}
