package io.leadscore.features.gold;

import static io.leadscore.core.Columns.CREATED_AT;

import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.FeatureDefinition;
import io.leadscore.features.catalog.Recoding;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-lead, field-only feature definitions in plain Java: the batch's {@code FeatureBuilder} computes these
 * features through exactly these functions (as Spark UDFs) and {@code leadscore serve} computes a new lead's
 * features with {@link #row}, so a feature is defined once. Time is the snapshot's: a night D is its midnight UTC
 * (what the batch's {@code as_of_date} means), an online request is its own instant. Math is {@link StrictMath},
 * as Spark's own {@code exp}/{@code log} were, so the batch's values did not move.
 */
public final class LeadFeatures {
  /** Features a lead's activity (web events, CRM activities) makes: a new lead has none. */
  public static final Set<String> ACTIVITY = Set.of("page_views_7d", "page_views_30d", "page_views_90d",
      "pricing_views_7d", "pricing_views_30d", "pricing_views_90d", "email_clicks_7d", "email_clicks_30d",
      "email_clicks_90d", "email_opens_30d", "forms_90d", "content_90d", "content_score_90d",
      "days_since_last_touch", "interaction_frequency", "response_latency_hours", "meetings_90d",
      "meeting_attendance_rate", "proposal_engagement_minutes", "objection_resolution_rate",
      "budget_discussion_depth", "preferred_hour");
  /** The categorical lead and account fields, encoded as their level's index in the catalogue. */
  public static final List<String> CATEGORIES = List.of("seniority", "department", "lead_source", "industry",
      "country");

  /** One night's segment values (the batch's smoothed outcome rates and shares as of that night). */
  public interface Segments {
    /** industry_affinity of an industry code, or null when the night has none. */
    Double industryAffinity(Double industryCode);

    /** geographic_opportunity of a country code, or null when the night has none. */
    Double geographicOpportunity(Double countryCode);

    Segments NONE = new Segments() {
      @Override
      public Double industryAffinity(Double industryCode) {
        return null;
      }

      @Override
      public Double geographicOpportunity(Double countryCode) {
        return null;
      }
    };
  }

  private LeadFeatures() {}

  /** The instant a night's features are computed at: midnight UTC of D (silver rows strictly before it count). */
  public static long nightSeconds(LocalDate d) {
    return d.toEpochDay() * 86400L;
  }

  /** lead_age_days: days (fractional) from the lead's creation (whole seconds) to the snapshot. */
  public static Double ageDays(Long asOfSeconds, Long createdSeconds) {
    return asOfSeconds == null || createdSeconds == null ? null : (asOfSeconds - createdSeconds) / 86400.0;
  }

  /** lead_age_decay: a 30-day exponential decay of the lead's age. */
  public static Double ageDecay(Double ageDays) {
    return ageDays == null ? null : StrictMath.exp(-ageDays / 30.0);
  }

  /** quarter_end_days: days from the snapshot's date to the last day of its quarter. */
  public static Integer quarterEndDays(LocalDate d) {
    if (d == null) {
      return null;
    }
    LocalDate first = d.with(IsoFields.DAY_OF_QUARTER, 1);
    return (int) (first.plusMonths(2).with(TemporalAdjusters.lastDayOfMonth()).toEpochDay() - d.toEpochDay());
  }

  /** month_of_year: 1-12 of the snapshot's date. */
  public static Integer monthOfYear(LocalDate d) {
    return d == null ? null : d.getMonthValue();
  }

  /** log_employees: the natural log of a positive head count, else missing. */
  public static Double logEmployees(Number employees) {
    return employees == null || !(employees.doubleValue() > 0) ? null : StrictMath.log(employees.doubleValue());
  }

  /** company_age_years: the snapshot's year minus the founding year. */
  public static Integer companyAgeYears(LocalDate d, Number foundedYear) {
    return d == null || foundedYear == null ? null : d.getYear() - foundedYear.intValue();
  }

  /** Significant digits a segment value (an industry's or a country's value as of D) keeps. */
  public static final int SEGMENT_DIGITS = 3;

  /**
   * A segment value (industry_affinity, geographic_opportunity) rounded to {@link #SEGMENT_DIGITS} significant
   * digits, half to even. Unrounded, a share of all leads created before D moves in its fifth digit whenever a lead
   * created long ago arrives late, so every stored snapshot row of every country changed every night and the nightly
   * rewrote them all; three digits keep a segment apart from the others and a tree's split where it was.
   */
  public static Double segmentValue(Double v) {
    if (v == null || v.isNaN() || v.isInfinite() || v == 0) {
      return v;
    }
    return new java.math.BigDecimal(v).round(new java.math.MathContext(SEGMENT_DIGITS,
        java.math.RoundingMode.HALF_EVEN)).doubleValue();
  }

  /**
   * A categorical value's code: the index of its level; outside the levels, the {@code other} level when the
   * catalogue has one, else missing. Missing stays missing.
   */
  public static Integer level(String value, List<String> levels) {
    if (value == null) {
      return null;
    }
    int pos = levels.indexOf(value);
    if (pos >= 0) {
      return pos;
    }
    int other = levels.indexOf(Recoding.LEVEL_OTHER);
    return other < 0 ? null : other;
  }

  /** A ratio whose zero (or absent) denominator gives missing, never zero or infinity; an absent numerator is 0. */
  public static Double ratio(Double num, Double den) {
    return den == null || !(den > 0) ? null : (num == null ? 0 : num) / den;
  }

  /**
   * A new lead's feature row (every feature of {@code catalog}) from its raw lead and account fields (canonical
   * columns: created_at an {@link Instant}, seniority, job_title, department, lead_source, country, industry,
   * employees, founded_year, funding_rounds) at {@code at}: the batch's values for a lead with no activity.
   */
  public static Map<String, Double> row(Map<String, Object> fields, Instant at, FeatureCatalog catalog,
                                        Segments segments) {
    LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
    Object created = fields.get(CREATED_AT);
    Double age = ageDays(at.getEpochSecond(), created instanceof Instant c ? c.getEpochSecond() : null);
    Map<String, Double> v = new HashMap<>();
    for (String category : CATEGORIES) {
      if (catalog.names().contains(category)) {
        v.put(category, num(level(text(fields.get(category)), catalog.get(category).levels())));
      }
    }
    v.put("decision_maker_likelihood", DecisionMaker.likelihood(text(fields.get("seniority")),
        text(fields.get("job_title")), text(fields.get("department"))));
    v.put("industry_affinity", segments.industryAffinity(v.get("industry")));
    v.put("geographic_opportunity", segments.geographicOpportunity(v.get("country")));
    v.put("log_employees", logEmployees((Number) fields.get("employees")));
    v.put("company_age_years", num(companyAgeYears(day, (Number) fields.get("founded_year"))));
    v.put("funding_rounds", num((Number) fields.get("funding_rounds")));
    v.put("lead_age_days", age);
    v.put("lead_age_decay", ageDecay(age));
    v.put("quarter_end_days", num(quarterEndDays(day)));
    v.put("month_of_year", num(monthOfYear(day)));
    // no activity: the sums and touches are absent, so are the ratios over them; opens + views + forms per
    // day of age is 0 once the lead is a day old
    v.put("engagement_velocity", ratio(null, age == null ? null : StrictMath.floor(age)));
    Map<String, Double> out = new HashMap<>();
    for (FeatureDefinition f : catalog.features()) {
      String name = f.name();
      Double x;
      if (name.endsWith(FeatureDefinition.INDICATOR_SUFFIX)) {
        String base = name.substring(0, name.length() - FeatureDefinition.INDICATOR_SUFFIX.length());
        x = v.get(base) == null ? 1.0 : 0.0;
      } else {
        x = v.get(name);
      }
      out.put(name, x == null && f.missing() == FeatureDefinition.Missing.ZERO ? Double.valueOf(0) : x);
    }
    return out;
  }

  private static Double num(Number n) {
    return n == null ? null : n.doubleValue();
  }

  private static String text(Object o) {
    return o == null ? null : o.toString();
  }
}
