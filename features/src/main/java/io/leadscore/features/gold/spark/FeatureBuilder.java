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
    return build(dates, Part.ALL, null, false, null);
  }

  /**
   * The CRM-attribute features ({@link FeatureCatalog#isAttribute}) of the leads open at each date: lead_id, as_of_date
   * and those columns. Reads no events or activities, so it is cheap enough to run on every stored snapshot nightly.
   *
   * @param only     the (lead_id, as_of_date) pairs to compute, or null for every open lead
   * @param few      whether {@code only} is small enough to send to every task
   * @param segments {@link #segments}' rows for these dates, already computed (from every lead), or null
   */
  public Dataset<Row> attributes(List<LocalDate> dates, Dataset<Row> only, boolean few, Dataset<Row> segments) {
    return build(dates, Part.ATTRIBUTES, only, few, segments);
  }

  /** Every feature but the attributes, for the (lead_id, as_of_date) pairs of {@code only}. */
  Dataset<Row> behaviour(List<LocalDate> dates, Dataset<Row> only, boolean few) {
    return build(dates, Part.BEHAVIOUR, only, few, null);
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

  private enum Part { ALL, ATTRIBUTES, BEHAVIOUR }

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

  private static <T> Dataset<T> sent(Dataset<T> d, boolean few) {
    return few ? broadcast(d) : d;
  }

  private Dataset<Row> build(List<LocalDate> dates, Part part, Dataset<Row> only, boolean few, Dataset<Row> segments) {
    Inputs in = inputs(dates);
    Dataset<Row> snaps = in.snaps();
    Dataset<Row> leads = in.leads();
    Dataset<Row> activities = read(Table.ACTIVITIES);
    if (only != null) {
      // the leads first (before the dates multiply them), the pairs after; the segment values still read every lead
      Dataset<Row> ids = sent(only.select(LEAD_ID).distinct(), few);
      leads = leads.join(ids, new String[] {LEAD_ID}, "left_semi");
      activities = activities.join(ids, new String[] {LEAD_ID}, "left_semi");
    }
    Dataset<Row> open = openLeads(leads, snaps);
    if (only != null) {
      open = open.join(sent(only, few), new String[] {LEAD_ID, AS_OF_DATE}, "left_semi");
    }
    Dataset<Row> all = open;
    if (part != Part.ATTRIBUTES) {
      DailyActivity activity = new DailyActivity(spark, tables);
      activity.refresh();
      all = all.join(ActivityAsOf.of(sent(open.select(LEAD_ID, AS_OF_DATE), few), activity.rows()),
              new String[] {LEAD_ID, AS_OF_DATE}, "left")
          .join(Rollups.latency(Rollups.crm(activities)), new String[] {LEAD_ID}, "left");
    }
    if (part != Part.BEHAVIOUR) {
      double m = settings.affinitySmoothing();
      Dataset<Row> industry = segments == null ? OutcomeRates.industryAffinity(in.decisions(), snaps, m)
          : segmentValues(segments, "industry", "_industry_affinity");
      Dataset<Row> country = segments == null ? OutcomeRates.geographic(in.decisions(), in.leads(), snaps, m)
          : segmentValues(segments, "country", "_geographic");
      all = all.join(in.accounts(), new String[] {"account_id"}, "left")
          .join(broadcast(industry), new String[] {AS_OF_DATE, "industry"}, "left")
          .join(broadcast(country), new String[] {AS_OF_DATE, "country"}, "left");
    }
    all = all.withColumn("_age_days", FeatureColumns.AGE_DAYS.apply(FeatureColumns.seconds(col(AS_OF_DATE)), col(CREATED_AT).cast("long")))
        .withColumn("_day", datediff(col(AS_OF_DATE), to_date(lit("1970-01-01"))));

    Map<String, Column> expr = FeatureColumns.of(catalog);
    List<Column> out = new ArrayList<>(List.of(col(LEAD_ID), col(AS_OF_DATE)));
    for (FeatureDefinition f : catalog.features()) {
      if (part == Part.ATTRIBUTES && !catalog.isAttribute(f) || part == Part.BEHAVIOUR && catalog.isAttribute(f)) {
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

  private static Dataset<Row> segmentValues(Dataset<Row> segments, String segment, String out) {
    return segments.filter(col("segment").equalTo(segment))
        .select(col(AS_OF_DATE), col("key").as(segment), col("value").as(out));
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

  private Dataset<Row> read(Table t) {
    return spark.read().format("delta").load(tables.path(t));
  }
}
