package io.leadscore.features.gold;

import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.StructType;

/** Silver tables written row by row, for features with answers computed by hand. */
final class HandMadeLakehouse {
  static final String LEADS = "lead_id string, account_id string, job_title string, seniority string, "
      + "department string, lead_source string, country string, created_at timestamp, updated_at timestamp";
  static final String ACCOUNTS = "account_id string, industry string, employees long, founded_year int, "
      + "funding_rounds int, country string, updated_at timestamp";
  static final String ACTIVITIES = "activity_id string, lead_id string, activity_type string, "
      + "occurred_at timestamp, duration_minutes int";
  static final String OPPORTUNITIES = "opportunity_id string, lead_id string, stage string, created_at timestamp, "
      + "closed_at timestamp, amount double";
  static final String EVENTS = "event_id string, lead_id string, event_type string, page string, ts timestamp, "
      + "session_id string, user_agent string, is_bot boolean";

  final Tables tables;
  private final List<Row> leads = new ArrayList<>();
  private final List<Row> accounts = new ArrayList<>();
  private final List<Row> activities = new ArrayList<>();
  private final List<Row> opportunities = new ArrayList<>();
  private final List<Row> events = new ArrayList<>();

  private boolean stamped;

  HandMadeLakehouse(Tables tables) {
    this.tables = tables;
  }

  /** Leads, accounts and opportunities carry ingest's {@code _ingested_at} stamp (the time of each write), as silver does. */
  HandMadeLakehouse stamped() {
    this.stamped = true;
    return this;
  }

  /** Changes one field of a written lead, stamped now: what ingest's upsert of an edited lead does. */
  HandMadeLakehouse editLead(String id, String column, String value) {
    java.util.Map<String, org.apache.spark.sql.Column> set = new java.util.HashMap<>();
    set.put(column, org.apache.spark.sql.functions.lit(value));
    if (stamped) {
      set.put("_ingested_at", org.apache.spark.sql.functions.lit(new Timestamp(System.currentTimeMillis())));
    }
    io.delta.tables.DeltaTable.forPath(SparkTestSession.get(), tables.path(Table.LEADS))
        .update(org.apache.spark.sql.functions.col("lead_id").equalTo(id), set);
    return this;
  }

  static Timestamp ts(String iso) {
    return iso == null ? null : Timestamp.from(Instant.parse(iso));
  }

  HandMadeLakehouse lead(String id, String account, String title, String seniority, String department, String source,
                         String country, String created) {
    leads.add(RowFactory.create(id, account, title, seniority, department, source, country, ts(created), ts(created)));
    return this;
  }

  HandMadeLakehouse account(String id, String industry, Long employees, Integer founded, Integer funding) {
    accounts.add(RowFactory.create(id, industry, employees, founded, funding, "US", ts("2020-01-01T00:00:00Z")));
    return this;
  }

  HandMadeLakehouse activity(String lead, String type, String at, int minutes) {
    activities.add(RowFactory.create(lead + "-A" + activities.size(), lead, type, ts(at), minutes));
    return this;
  }

  HandMadeLakehouse opportunity(String lead, String stage, String closed) {
    opportunities.add(RowFactory.create("O" + lead, lead, stage, ts(closed), ts(closed), 1000.0));
    return this;
  }

  HandMadeLakehouse event(String lead, String page, String at, boolean bot) {
    events.add(RowFactory.create(lead + "-E" + events.size(), lead, "page_view", page, ts(at), "s", "ua", bot));
    return this;
  }

  /** Writes what was added since the last write (append), then forgets it. */
  void write() {
    for (var t : Arrays.asList(new Object[][] {{Table.LEADS, LEADS, leads}, {Table.ACCOUNTS, ACCOUNTS, accounts},
        {Table.ACTIVITIES, ACTIVITIES, activities}, {Table.OPPORTUNITIES, OPPORTUNITIES, opportunities},
        {Table.EVENTS, EVENTS, events}})) {
      @SuppressWarnings("unchecked")
      List<Row> rows = (List<Row>) t[2];
      var df = SparkTestSession.get().createDataFrame(rows, StructType.fromDDL((String) t[1]));
      if (stamped && (t[0] == Table.LEADS || t[0] == Table.ACCOUNTS || t[0] == Table.OPPORTUNITIES)) {
        df = df.withColumn("_ingested_at", org.apache.spark.sql.functions.lit(new Timestamp(System.currentTimeMillis())));
      }
      df.write().format("delta").mode(SaveMode.Append).save(tables.path((Table) t[0]));
      rows.clear();
    }
  }
}
