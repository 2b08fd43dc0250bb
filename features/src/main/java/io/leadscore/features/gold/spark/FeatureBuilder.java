package io.leadscore.features.gold.spark;

import static io.leadscore.core.Columns.*;
import static org.apache.spark.sql.functions.*;

import io.leadscore.features.FeaturesErrors;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.FeatureDefinition;
import io.leadscore.features.gold.DecisionMaker;
import io.leadscore.features.gold.GoldSettings;
import io.leadscore.features.gold.LeadFeatures;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Computes the standard catalogue's features for every lead open at each snapshot date D, from silver rows
 * with timestamps strictly before D (see {@link Rollups} for how a day is matched to D).
 */
public final class FeatureBuilder {
  private static final UserDefinedFunction DECISION_MAKER = udf(
      (UDF3<String, String, String, Double>) DecisionMaker::likelihood, DataTypes.DoubleType);
  // the field-only features are defined once, in plain Java (LeadFeatures), and computed here through them: the
  // online service computes a new lead's features with the same functions
  private static final UserDefinedFunction AGE_DAYS = udf(
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

  private final SparkSession spark;
  private final Tables tables;
  private final FeatureCatalog catalog;
  private final GoldSettings settings;

  public FeatureBuilder(SparkSession spark, Tables tables, FeatureCatalog catalog) {
    this(spark, tables, catalog, GoldSettings.defaults());
  }

  public FeatureBuilder(SparkSession spark, Tables tables, FeatureCatalog catalog, GoldSettings settings) {
    this.spark = spark;
    this.tables = tables;
    this.catalog = catalog;
    this.settings = settings;
  }

  /** lead_id, as_of_date and one double column per catalogue feature. */
  public Dataset<Row> build(List<LocalDate> dates) {
    return build(dates, false, null);
  }

  /**
   * {@link #build(List)} for the (lead_id, as_of_date) pairs of {@code only}, few enough to send to every task: the
   * daily roll-up and the activities are read for those leads, not shuffled whole to meet them.
   */
  Dataset<Row> buildFew(List<LocalDate> dates, Dataset<Row> only) {
    return build(dates, false, broadcast(only));
  }

  /**
   * The CRM-attribute features ({@link FeatureCatalog#isAttribute}) of the leads open at each date: lead_id, as_of_date
   * and those columns. Reads no events or activities, so it is cheap enough to run on every stored snapshot nightly.
   *
   * @param only the (lead_id, as_of_date) pairs to compute, or null for every open lead; the segment values are
   *             computed from every lead either way
   */
  public Dataset<Row> attributes(List<LocalDate> dates, Dataset<Row> only) {
    return build(dates, true, only);
  }

  /**
   * Each date's segment values, as the features hold them: as_of_date, segment ({@code industry} or {@code country}),
   * key (the raw silver value) and value (industry_affinity, geographic_opportunity). A few rows per date.
   */
  public Dataset<Row> segments(List<LocalDate> dates) {
    Inputs in = inputs(dates);
    return OutcomeRates.industryAffinity(in.decisions(), in.snaps(), settings.affinitySmoothing())
        .select(col(AS_OF_DATE), lit("industry").as("segment"), col("industry").as("key"),
            col("_industry_affinity").as("value"))
        .unionByName(OutcomeRates.geographic(in.decisions(), in.leads(), in.snaps(), settings.affinitySmoothing())
            .select(col(AS_OF_DATE), lit("country").as("segment"), col("country").as("key"),
                col("_geographic").as("value")));
  }

  private record Inputs(Dataset<Row> snaps, Dataset<Row> leads, Dataset<Row> accounts, Dataset<Row> decisions) {}

  private Inputs inputs(List<LocalDate> dates) {
    Dataset<Row> snaps = spark.createDataFrame(
        dates.stream().map(d -> RowFactory.create(Date.valueOf(d))).toList(),
        new StructType().add(AS_OF_DATE, DataTypes.DateType, false));
    Dataset<Row> leads = read(Table.LEADS);
    Dataset<Row> accounts = read(Table.ACCOUNTS).select(col("account_id"), col("industry"), col("employees"),
        col("founded_year"), col("funding_rounds"));
    Dataset<Row> decisions = OutcomeRates.decisions(read(Table.OPPORTUNITIES))
        .join(leads.select(LEAD_ID, "account_id", "country"), LEAD_ID)
        .join(accounts.select("account_id", "industry"), new String[] {"account_id"}, "left");
    return new Inputs(snaps, leads, accounts, decisions);
  }

  private Dataset<Row> build(List<LocalDate> dates, boolean attributesOnly, Dataset<Row> only) {
    Inputs in = inputs(dates);
    Dataset<Row> snaps = in.snaps();
    Dataset<Row> open = openLeads(in.leads(), snaps);
    if (only != null) {
      open = open.join(only, new String[] {LEAD_ID, AS_OF_DATE}, "left_semi");
    }
    Dataset<Row> leadDates = open.select(LEAD_ID, AS_OF_DATE);
    double m = settings.affinitySmoothing();

    DailyActivity activity = new DailyActivity(spark, tables);
    if (!attributesOnly) {
      activity.refresh();
    }
    Dataset<Row> activities = read(Table.ACTIVITIES);
    if (only != null && !attributesOnly) {
      leadDates = broadcast(leadDates);
      activities = activities.join(broadcast(only.select(LEAD_ID).distinct()), new String[] {LEAD_ID}, "left_semi");
    }
    Dataset<Row> behaviour = attributesOnly ? open : open
        .join(ActivityAsOf.of(leadDates, activity.rows()), new String[] {LEAD_ID, AS_OF_DATE}, "left")
        .join(Rollups.latency(Rollups.crm(activities)), new String[] {LEAD_ID}, "left");
    Dataset<Row> all = behaviour
        .join(in.accounts(), new String[] {"account_id"}, "left")
        .join(OutcomeRates.industryAffinity(in.decisions(), snaps, m), new String[] {AS_OF_DATE, "industry"}, "left")
        .join(OutcomeRates.geographic(in.decisions(), in.leads(), snaps, m), new String[] {AS_OF_DATE, "country"},
            "left")
        .withColumn("_age_days", AGE_DAYS.apply(seconds(col(AS_OF_DATE)), col(CREATED_AT).cast("long")))
        .withColumn("_day", datediff(col(AS_OF_DATE), to_date(lit("1970-01-01"))));

    Map<String, Column> expr = expressions();
    List<Column> out = new ArrayList<>(List.of(col(LEAD_ID), col(AS_OF_DATE)));
    for (FeatureDefinition f : catalog.features()) {
      if (attributesOnly && !catalog.isAttribute(f)) {
        continue;
      }
      Column c = expr.get(f.name());
      if (c == null && f.name().endsWith(FeatureDefinition.INDICATOR_SUFFIX)) {
        Column base = expr.get(f.name().substring(0, f.name().length() - FeatureDefinition.INDICATOR_SUFFIX.length()));
        c = base == null ? null : when(base.isNull(), 1.0).otherwise(0.0);
      }
      if (c == null) {
        throw FeaturesErrors.notComputed(f.name(), getClass().getSimpleName());
      }
      if (f.missing() == FeatureDefinition.Missing.ZERO) {
        c = coalesce(c, lit(0));
      }
      out.add(c.cast("double").as(f.name()));
    }
    return all.select(out.toArray(new Column[0]));
  }

  private Dataset<Row> openLeads(Dataset<Row> leads, Dataset<Row> snaps) {
    Dataset<Row> closed = read(Table.OPPORTUNITIES)
        .filter(ClosedLeads.closed())
        .groupBy(LEAD_ID).agg(min(CLOSED_AT).as(CLOSED_AT));
    return leads
        .select(LEAD_ID, "account_id", "seniority", "department", "job_title", "lead_source", "country", CREATED_AT)
        .crossJoin(broadcast(snaps))
        .filter(col(CREATED_AT).lt(col(AS_OF_DATE).cast("timestamp")))
        .join(closed, new String[] {LEAD_ID}, "left")
        .filter(col(CLOSED_AT).isNull().or(col(CLOSED_AT).geq(col(AS_OF_DATE).cast("timestamp"))))
        .drop(CLOSED_AT);
  }

  private static Column seconds(Column date) {
    return date.cast("timestamp").cast("long");
  }

  /** A ratio whose zero (or absent) denominator gives missing, never zero or infinity. */
  private static Column ratio(Column num, Column den) {
    return when(den.gt(0), coalesce(num, lit(0)).divide(den));
  }

  private Map<String, Column> expressions() {
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
      m.put(category, levelIndex(category));
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

  private Column levelIndex(String column) {
    return LevelEncoder.index(col(column), catalog.get(column).levels());
  }

  private static LocalDate day(Integer epochDay) {
    return epochDay == null ? null : LocalDate.ofEpochDay(epochDay);
  }

  private Dataset<Row> read(Table t) {
    return spark.read().format("delta").load(tables.path(t));
  }
}
