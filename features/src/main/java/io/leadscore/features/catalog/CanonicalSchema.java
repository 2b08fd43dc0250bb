package io.leadscore.features.catalog;

import static io.leadscore.core.Columns.CLOSED_AT;
import static io.leadscore.core.Columns.CREATED_AT;
import static io.leadscore.core.Columns.LEAD_ID;

import io.leadscore.features.FeaturesErrors;
import io.leadscore.ingest.SourceMapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The canonical schema: the silver tables and columns the standard features read, and which features read each
 * column. A new CRM's export is mapped onto these columns (a file under {@code conf/sources/}); the features stage
 * checks the active mappings against this list before Spark starts ({@link #check}). The one definition: the
 * feature builder ({@code FeatureBuilder}, {@code Rollups}, {@code OutcomeRates}, {@code ClosedLeads}) reads these
 * columns, and {@code docs/how-to/new-crm-export.md} shows this table.
 */
public final class CanonicalSchema {
  /** A reader that is not one feature: the column decides which leads are open at a snapshot date. */
  public static final String OPEN_LEADS = "every feature (which leads are open at D)";
  /** A reader that is not one feature: the training label. */
  public static final String LABEL = "the label (won within the horizon)";
  /** A reader that is not one feature: consent (opted-out leads get no features and no score). */
  public static final String CONSENT = "consent (opted-out leads get no features and no score)";

  /** One canonical column: its table, name, type (as in a mapping), and who reads it. */
  public record Column(String table, String name, String type, List<String> readBy) {}

  static final List<String> CRM_TOUCH = List.of("email_clicks_7d", "email_clicks_30d", "email_clicks_90d",
      "email_opens_30d", "forms_90d", "meetings_90d", "content_90d", "content_score_90d", "days_since_last_touch",
      "engagement_velocity", "interaction_frequency", "response_latency_hours", "meeting_attendance_rate",
      "proposal_engagement_minutes", "objection_resolution_rate", "budget_discussion_depth", "preferred_hour");
  static final List<String> WEB_TOUCH = List.of("page_views_7d", "page_views_30d", "page_views_90d",
      "pricing_views_7d", "pricing_views_30d", "pricing_views_90d", "content_score_90d", "days_since_last_touch",
      "engagement_velocity", "interaction_frequency", "preferred_hour");
  static final List<String> ACCOUNT = List.of("industry", "industry_affinity", "log_employees", "company_age_years",
      "funding_rounds");

  private static final List<Column> COLUMNS = List.of(
      new Column("leads", LEAD_ID, "string", List.of(OPEN_LEADS)),
      new Column("leads", "account_id", "string", ACCOUNT),
      new Column("leads", "seniority", "string", List.of("seniority", "decision_maker_likelihood")),
      new Column("leads", "department", "string", List.of("department", "decision_maker_likelihood")),
      new Column("leads", "job_title", "string", List.of("decision_maker_likelihood")),
      new Column("leads", "lead_source", "string", List.of("lead_source")),
      new Column("leads", "country", "string", List.of("country", "geographic_opportunity")),
      new Column("leads", CREATED_AT, "timestamp", List.of(OPEN_LEADS, "lead_age_days", "lead_age_decay",
          "engagement_velocity", "geographic_opportunity")),
      new Column("accounts", "account_id", "string", ACCOUNT),
      new Column("accounts", "industry", "string", List.of("industry", "industry_affinity")),
      new Column("accounts", "employees", "long", List.of("log_employees")),
      new Column("accounts", "founded_year", "int", List.of("company_age_years")),
      new Column("accounts", "funding_rounds", "int", List.of("funding_rounds")),
      new Column("activities", LEAD_ID, "string", CRM_TOUCH),
      new Column("activities", "activity_type", "string", CRM_TOUCH),
      new Column("activities", "occurred_at", "timestamp", CRM_TOUCH),
      new Column("activities", "duration_minutes", "int", List.of("proposal_engagement_minutes")),
      new Column("opportunities", LEAD_ID, "string", List.of(OPEN_LEADS, LABEL, "industry_affinity",
          "geographic_opportunity")),
      new Column("opportunities", "stage", "string", List.of(OPEN_LEADS, LABEL, "industry_affinity",
          "geographic_opportunity")),
      new Column("opportunities", CLOSED_AT, "timestamp", List.of(OPEN_LEADS, LABEL, "industry_affinity",
          "geographic_opportunity")),
      new Column("events", LEAD_ID, "string", WEB_TOUCH),
      new Column("events", "ts", "timestamp", WEB_TOUCH),
      // is_bot: set at ingest by the mapping's hygiene (user_agent and/or rate_by), or mapped from the export
      new Column("events", "is_bot", "boolean", WEB_TOUCH),
      new Column("events", "page", "string", List.of("pricing_views_7d", "pricing_views_30d", "pricing_views_90d",
          "content_score_90d")),
      new Column("consent", LEAD_ID, "string", List.of(CONSENT)),
      new Column("consent", "channel", "string", List.of(CONSENT)),
      new Column("consent", "status", "string", List.of(CONSENT)),
      new Column("consent", "changed_at", "timestamp", List.of(CONSENT)));

  /** The six canonical tables, in the order a mapping usually lists them. */
  public static final List<String> TABLES = List.of("leads", "accounts", "activities", "opportunities", "events",
      "consent");

  private CanonicalSchema() {}

  public static List<Column> columns() {
    return COLUMNS;
  }

  /** The standard features (catalogue names) that read a column of any canonical table. */
  public static Set<String> featuresReading() {
    Set<String> out = new LinkedHashSet<>();
    COLUMNS.forEach(c -> c.readBy().stream().filter(r -> !r.contains(" ")).forEach(out::add));
    return out;
  }

  /**
   * The canonical columns missing from the active mappings, as "table.column (read by ...)"; a table no active
   * source writes is not checked here (its features fail when it is read). Silver names count: a column listed in
   * {@code pii_hash} becomes {@code <column>_hash} and one in {@code pii_drop} is not in silver at all; {@code is_bot} comes from a
   * {@code hygiene} that flags bots.
   */
  public static List<String> missing(List<SourceMapping> mappings) {
    Map<String, Set<String>> silver = new LinkedHashMap<>();
    for (SourceMapping m : mappings) {
      Set<String> cols = silver.computeIfAbsent(m.silver().table(), t -> new LinkedHashSet<>());
      for (SourceMapping.Column c : m.columns()) {
        if (!m.privacy().piiDrop().contains(c.name()) && !m.privacy().piiHash().contains(c.name())) {
          cols.add(c.name());
        }
      }
      if (m.hygiene().flagsBots()) {
        cols.add("is_bot");
      }
    }
    List<String> out = new ArrayList<>();
    for (Column c : COLUMNS) {
      Set<String> mapped = silver.get(c.table());
      if (mapped != null && !mapped.contains(c.name())) {
        out.add(c.table() + "." + c.name() + " (read by " + String.join(", ", c.readBy()) + ")");
      }
    }
    return out;
  }

  /** Throws (a configuration error: exit 2) when an active mapping lacks a canonical column. */
  public static void check(List<SourceMapping> mappings) {
    List<String> gaps = missing(mappings);
    if (!gaps.isEmpty()) {
      throw FeaturesErrors.of("The source mappings lack canonical columns the standard features need: %s. Map "
          + "each in its source's columns (conf/sources/example-crm.conf maps all six tables; "
          + "docs/how-to/new-crm-export.md lists the canonical schema)", String.join("; ", gaps));
    }
  }
}
