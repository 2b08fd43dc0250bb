package io.leadscore.features.gold.spark;

import static org.apache.spark.sql.functions.*;

import io.leadscore.features.LeadscoreException;
import io.leadscore.features.Tables;
import io.leadscore.features.Tables.Table;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.FeatureDefinition;
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
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Computes the catalogue's features for every lead open at each snapshot date D, from silver rows with
 * timestamps strictly before D. Activity is first rolled up per lead and day (a day d counts for D
 * exactly when d < D, since D starts at midnight UTC), which makes many snapshots cheap.
 */
public final class FeatureBuilder {
  private final SparkSession spark;
  private final Tables tables;
  private final FeatureCatalog catalog;

  public FeatureBuilder(SparkSession spark, Tables tables, FeatureCatalog catalog) {
    this.spark = spark;
    this.tables = tables;
    this.catalog = catalog;
  }

  /** lead_id, as_of_date and one double column per catalogue feature. */
  public Dataset<Row> build(List<LocalDate> dates) {
    Dataset<Row> snaps = spark.createDataFrame(
        dates.stream().map(d -> RowFactory.create(Date.valueOf(d))).toList(),
        new StructType().add("as_of_date", DataTypes.DateType, false));
    Dataset<Row> open = openLeads(snaps);
    Dataset<Row> activity = activityAsOf(open.select("lead_id", "as_of_date"));
    Dataset<Row> accounts = read(Table.ACCOUNTS)
        .select(col("account_id"), col("industry"), col("employees"), col("founded_year"));
    Dataset<Row> all = open
        .join(activity, new String[] {"lead_id", "as_of_date"}, "left")
        .join(accounts, new String[] {"account_id"}, "left")
        .withColumn("_age_days", col("as_of_date").cast("timestamp").cast("long")
            .minus(col("created_at").cast("long")).divide(86400.0));

    Map<String, Column> expr = expressions();
    List<Column> out = new ArrayList<>(List.of(col("lead_id"), col("as_of_date")));
    for (FeatureDefinition f : catalog.features()) {
      Column c = expr.get(f.name());
      if (c == null) {
        throw LeadscoreException.of("Feature '%s' is in the catalogue but has no computation in %s",
            f.name(), getClass().getSimpleName());
      }
      if (f.missing() == FeatureDefinition.Missing.ZERO) {
        c = coalesce(c, lit(0));
      }
      out.add(c.cast("double").as(f.name()));
    }
    return all.select(out.toArray(new Column[0]));
  }

  private Dataset<Row> openLeads(Dataset<Row> snaps) {
    Dataset<Row> closed = read(Table.OPPORTUNITIES)
        .filter(lower(col("stage")).isin("won", "lost").and(col("closed_at").isNotNull()))
        .groupBy("lead_id").agg(min("closed_at").as("closed_at"));
    return read(Table.LEADS)
        .select("lead_id", "account_id", "seniority", "lead_source", "created_at")
        .crossJoin(broadcast(snaps))
        .filter(col("created_at").lt(col("as_of_date").cast("timestamp")))
        .join(closed, new String[] {"lead_id"}, "left")
        .filter(col("closed_at").isNull().or(col("closed_at").geq(col("as_of_date").cast("timestamp"))))
        .drop("closed_at");
  }

  /** Per (lead, D): windowed counts and recency from the daily roll-up of events and CRM activities. */
  private Dataset<Row> activityAsOf(Dataset<Row> leadDates) {
    Column zero = lit(0);
    Dataset<Row> web = read(Table.EVENTS)
        .filter(not(col("is_bot")).and(col("lead_id").isNotNull()))
        .select(col("lead_id"), to_date(col("ts")).as("day"), lit(1).as("views"),
            when(col("page").equalTo("/pricing"), 1).otherwise(0).as("pricing"), zero.as("opens"),
            zero.as("clicks"), zero.as("meetings"), zero.as("forms"), zero.as("content"), col("ts"));
    Column t = lower(col("activity_type"));
    Dataset<Row> crm = read(Table.ACTIVITIES)
        .select(col("lead_id"), to_date(col("occurred_at")).as("day"), zero.as("views"), zero.as("pricing"),
            when(t.equalTo("email_open"), 1).otherwise(0).as("opens"),
            when(t.equalTo("email_click"), 1).otherwise(0).as("clicks"),
            when(t.equalTo("meeting"), 1).otherwise(0).as("meetings"),
            when(t.equalTo("form_submit"), 1).otherwise(0).as("forms"),
            when(t.isin("content_download", "video_view"), 1).otherwise(0).as("content"),
            col("occurred_at").as("ts"));
    Dataset<Row> daily = web.unionByName(crm).groupBy("lead_id", "day").agg(
        sum("views").as("views"), sum("pricing").as("pricing"), sum("opens").as("opens"),
        sum("clicks").as("clicks"), sum("meetings").as("meetings"), sum("forms").as("forms"),
        sum("content").as("content"), max("ts").as("last_ts"));
    Dataset<Row> joined = leadDates.join(daily.withColumnRenamed("lead_id", "d_lead"),
        col("lead_id").equalTo(col("d_lead")).and(col("day").lt(col("as_of_date"))));
    return joined.groupBy("lead_id", "as_of_date").agg(
        window("views", 7).as("page_views_7d"), window("views", 30).as("page_views_30d"),
        window("views", 90).as("page_views_90d"), window("pricing", 7).as("pricing_views_7d"),
        window("pricing", 30).as("pricing_views_30d"), window("opens", 30).as("email_opens_30d"),
        window("clicks", 30).as("email_clicks_30d"), window("meetings", 90).as("meetings_90d"),
        window("forms", 90).as("forms_90d"), window("content", 90).as("content_90d"),
        sum(col("opens").plus(col("views")).plus(col("forms"))).as("_touches_all"),
        max("last_ts").as("_last_ts"));
  }

  private static Column window(String measure, int days) {
    return sum(when(col("day").geq(date_sub(col("as_of_date"), days)), col(measure)).otherwise(0));
  }

  private Map<String, Column> expressions() {
    Map<String, Column> m = new HashMap<>();
    for (String counted : List.of("page_views_7d", "page_views_30d", "page_views_90d", "pricing_views_7d",
        "pricing_views_30d", "email_opens_30d", "email_clicks_30d", "meetings_90d", "forms_90d", "content_90d")) {
      m.put(counted, col(counted));
    }
    m.put("days_since_last_touch", col("as_of_date").cast("timestamp").cast("long")
        .minus(col("_last_ts").cast("long")).divide(86400.0));
    m.put("lead_age_days", col("_age_days"));
    // a zero denominator is missing, not zero or infinity
    Column ageWholeDays = floor(col("_age_days"));
    m.put("engagement_velocity", when(ageWholeDays.gt(0), coalesce(col("_touches_all"), lit(0)).divide(ageWholeDays)));
    m.put("seniority", levelIndex("seniority"));
    m.put("lead_source", levelIndex("lead_source"));
    m.put("industry", levelIndex("industry"));
    m.put("log_employees", when(col("employees").gt(0), log(col("employees"))));
    m.put("company_age_years", when(col("founded_year").isNotNull(),
        year(col("as_of_date")).minus(col("founded_year"))));
    return m;
  }

  private Column levelIndex(String column) {
    List<String> levels = catalog.get(column).levels();
    Column pos = array_position(array(levels.stream().map(l -> lit(l)).toArray(Column[]::new)), col(column));
    return when(pos.gt(0), pos.minus(1));
  }

  private Dataset<Row> read(Table t) {
    return spark.read().format("delta").load(tables.path(t));
  }
}
