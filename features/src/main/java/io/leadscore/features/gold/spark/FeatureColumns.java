package io.leadscore.features.gold.spark;

import static io.leadscore.core.Columns.AS_OF_DATE;
import static org.apache.spark.sql.functions.*;

import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.gold.DecisionMaker;
import io.leadscore.features.gold.LeadFeatures;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/** The standard catalogue's features as Spark columns over {@link FeatureBuilder}'s joined rows. */
final class FeatureColumns {
  private static final UserDefinedFunction DECISION_MAKER = udf(
      (UDF3<String, String, String, Double>) DecisionMaker::likelihood, DataTypes.DoubleType);
  // the field-only features are defined once, in plain Java (LeadFeatures), and computed here through them: the
  // online service computes a new lead's features with the same functions
  static final UserDefinedFunction AGE_DAYS = udf(
      (UDF2<Long, Long, Double>) LeadFeatures::ageDays, DataTypes.DoubleType);
  private static final UserDefinedFunction AGE_DECAY = udf(
      (UDF1<Double, Double>) LeadFeatures::ageDecay, DataTypes.DoubleType);
  private static final UserDefinedFunction QUARTER_END = udf(
      (UDF1<Integer, Integer>) d -> LeadFeatures.quarterEndDays(day(d)), DataTypes.IntegerType);
  private static final UserDefinedFunction MONTH = udf(
      (UDF1<Integer, Integer>) d -> LeadFeatures.monthOfYear(day(d)), DataTypes.IntegerType);
  private static final UserDefinedFunction LOG_EMPLOYEES = udf(
      (UDF1<Double, Double>) LeadFeatures::logEmployees, DataTypes.DoubleType);
  private static final UserDefinedFunction COMPANY_AGE = udf(
      (UDF2<Integer, Integer, Integer>) (d, founded) -> LeadFeatures.companyAgeYears(day(d), founded),
      DataTypes.IntegerType);

  private FeatureColumns() {}

  static Column seconds(Column date) {
    return date.cast("timestamp").cast("long");
  }

  /** A ratio whose zero (or absent) denominator gives missing, never zero or infinity. */
  private static Column ratio(Column num, Column den) {
    return when(den.gt(0), coalesce(num, lit(0)).divide(den));
  }

  /** Each feature of the catalogue as a column over the builder's joined rows, by name. */
  static Map<String, Column> of(FeatureCatalog catalog) {
    Map<String, Column> m = new HashMap<>();
    for (String measure : List.of("views", "pricing", "clicks")) {
      String name = Map.of("views", "page_views", "pricing", "pricing_views", "clicks", "email_clicks").get(measure);
      for (int days : new int[] {7, 30, 90}) {
        m.put(name + "_" + days + "d", col(measure + "_" + days));
      }
    }
    m.put("email_opens_30d", col("opens_30"));
    m.put("forms_90d", col("forms_90"));
    m.put("meetings_90d", col("meetings_90"));
    m.put("content_90d", col("downloads_90").plus(col("videos_90")));
    m.put("content_score_90d", col("downloads_90").multiply(3).plus(col("papers_90").multiply(2)).plus(col("videos_90")));
    m.put("days_since_last_touch", seconds(col(AS_OF_DATE)).minus(col("_last_ts").cast("long")).divide(86400.0));
    Column ageWholeDays = floor(col("_age_days"));
    m.put("engagement_velocity", ratio(col("all_opens").plus(col("all_views")).plus(col("all_forms")), ageWholeDays));
    Column activeDays = floor(seconds(col(AS_OF_DATE)).minus(col("_first_ts").cast("long")).divide(86400.0));
    m.put("interaction_frequency", ratio(col("all_views").plus(col("all_crm")), activeDays));
    Column responded = col("first_response").lt(col(AS_OF_DATE).cast("timestamp"));
    m.put("response_latency_hours", when(responded,
        col("first_response").cast("long").minus(col("first_contact").cast("long")).divide(3600.0)));
    m.put("meeting_attendance_rate", ratio(col("all_meetings"), col("all_meetings").plus(col("all_no_shows"))));
    m.put("proposal_engagement_minutes", ratio(col("all_proposal_minutes"), col("all_proposals")));
    m.put("objection_resolution_rate", ratio(col("all_resolved"), col("all_objections")));
    m.put("budget_discussion_depth", ratio(col("all_budget"), col("all_crm")));
    for (String category : List.of("seniority", "department", "lead_source", "industry", "country")) {
      m.put(category, LevelEncoder.index(col(category), catalog.get(category).levels()));
    }
    m.put("decision_maker_likelihood", DECISION_MAKER.apply(col("seniority"), col("job_title"), col("department")));
    m.put("industry_affinity", col("_industry_affinity"));
    m.put("geographic_opportunity", col("_geographic"));
    m.put("log_employees", LOG_EMPLOYEES.apply(col("employees").cast("double")));
    m.put("company_age_years", COMPANY_AGE.apply(col("_day"), col("founded_year").cast("int")));
    m.put("funding_rounds", col("funding_rounds"));
    m.put("lead_age_days", col("_age_days"));
    m.put("lead_age_decay", AGE_DECAY.apply(col("_age_days")));
    m.put("quarter_end_days", QUARTER_END.apply(col("_day")));
    m.put("month_of_year", MONTH.apply(col("_day")));
    m.put("preferred_hour", col("_preferred_hour"));
    return m;
  }

  private static LocalDate day(Integer epochDay) {
    return epochDay == null ? null : LocalDate.ofEpochDay(epochDay);
  }
}
