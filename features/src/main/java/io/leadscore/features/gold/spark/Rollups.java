package io.leadscore.features.gold.spark;

import static io.leadscore.core.Columns.LEAD_ID;
import static org.apache.spark.sql.functions.*;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Roll-ups of silver activity that make many snapshot dates cheap: per lead and day (a day d counts for a
 * snapshot D exactly when d < D, since D starts at midnight UTC), per lead, day and hour, and the
 * first-contact / first-response instants per lead.
 */
final class Rollups {
  /** Outbound CRM touches: the first one is the "first contact" of response latency. */
  static final List<String> OUTBOUND = List.of("call", "email_sent");
  /** Inbound responses of the lead. */
  static final List<String> INBOUND = List.of("email_open", "email_click", "email_reply", "form_submit", "meeting");
  /** Measures of the daily roll-up, all summed. */
  static final List<String> MEASURES = List.of("views", "pricing", "papers", "opens", "clicks", "meetings",
      "no_shows", "forms", "downloads", "videos", "crm", "proposals", "proposal_minutes", "objections",
      "resolved", "budget");

  private Rollups() {}

  /** Non-bot web page views with a lead: lead_id, ts, page. */
  static Dataset<Row> web(Dataset<Row> events) {
    return events.filter(not(coalesce(col("is_bot"), lit(false))).and(col(LEAD_ID).isNotNull()))
        .select(col(LEAD_ID), col("ts"), col("page"));
  }

  /** CRM activities: lead_id, ts, type (lower case), minutes. */
  static Dataset<Row> crm(Dataset<Row> activities) {
    return activities.select(col(LEAD_ID), col("occurred_at").as("ts"),
        lower(col("activity_type")).as("type"), col("duration_minutes").cast("double").as("minutes"));
  }

  /** lead_id, day, the {@link #MEASURES} and first_ts/last_ts of the day. */
  static Dataset<Row> daily(Dataset<Row> web, Dataset<Row> crm) {
    Column zero = lit(0.0);
    Column page = col("page");
    Column paper = page.startsWith("/whitepaper").or(page.startsWith("/case-studies"));
    Dataset<Row> w = web.select(col(LEAD_ID), col("ts"), lit(1.0).as("views"),
        flag(page.equalTo("/pricing")).as("pricing"), flag(paper).as("papers"), zero.as("opens"),
        zero.as("clicks"), zero.as("meetings"), zero.as("no_shows"), zero.as("forms"), zero.as("downloads"),
        zero.as("videos"), zero.as("crm"), zero.as("proposals"), zero.as("proposal_minutes"),
        zero.as("objections"), zero.as("resolved"), zero.as("budget"));
    Column t = col("type");
    Dataset<Row> c = crm.select(col(LEAD_ID), col("ts"), zero.as("views"), zero.as("pricing"), zero.as("papers"),
        flag(t.equalTo("email_open")).as("opens"), flag(t.equalTo("email_click")).as("clicks"),
        flag(t.equalTo("meeting")).as("meetings"), flag(t.equalTo("meeting_no_show")).as("no_shows"),
        flag(t.equalTo("form_submit")).as("forms"), flag(t.equalTo("content_download")).as("downloads"),
        flag(t.equalTo("video_view")).as("videos"), lit(1.0).as("crm"), flag(t.equalTo("proposal_view")).as("proposals"),
        when(t.equalTo("proposal_view"), coalesce(col("minutes"), zero)).otherwise(zero).as("proposal_minutes"),
        flag(t.equalTo("objection_raised")).as("objections"), flag(t.equalTo("objection_resolved")).as("resolved"),
        flag(t.equalTo("budget_discussion")).as("budget"));
    Column[] aggs = MEASURES.stream().map(m -> sum(m).as(m)).toArray(Column[]::new);
    Column[] rest = new Column[aggs.length + 1];
    System.arraycopy(aggs, 0, rest, 0, aggs.length);
    rest[aggs.length] = max("ts").as("last_ts");
    return w.unionByName(c).withColumn("day", to_date(col("ts")))
        .groupBy(LEAD_ID, "day").agg(min("ts").as("first_ts"), rest);
  }

  /** lead_id, day, hour, n: touches per UTC hour of day. */
  static Dataset<Row> hourly(Dataset<Row> web, Dataset<Row> crm) {
    return web.select(LEAD_ID, "ts").unionByName(crm.select(LEAD_ID, "ts"))
        .groupBy(col(LEAD_ID), to_date(col("ts")).as("day"), hour(col("ts")).as("hour"))
        .agg(count(lit(1)).as("n"));
  }

  /**
   * lead_id, first_contact, first_response (the first inbound at or after the first outbound). Both are
   * global; a snapshot D uses them only when first_response < D, and then both are the same as they would
   * be from data before D alone.
   */
  static Dataset<Row> latency(Dataset<Row> crm) {
    Dataset<Row> contact = crm.filter(col("type").isin(OUTBOUND.toArray()))
        .groupBy(LEAD_ID).agg(min("ts").as("first_contact"));
    return crm.filter(col("type").isin(INBOUND.toArray())).select(col(LEAD_ID), col("ts"))
        .join(contact, LEAD_ID)
        .filter(col("ts").geq(col("first_contact")))
        .groupBy(LEAD_ID).agg(first("first_contact").as("first_contact"), min("ts").as("first_response"));
  }

  private static Column flag(Column condition) {
    return when(condition, 1.0).otherwise(0.0);
  }
}
