package io.leadscore.core;

import java.util.Locale;

/**
 * The table catalog: the one place that knows table names and paths under the storage root.
 * Nothing else builds a table path by hand.
 */
public final class Tables {
  /** Every table of the lakehouse, by layer. */
  public enum Table {
    BRONZE_LEADS("bronze"), BRONZE_ACCOUNTS("bronze"), BRONZE_ACTIVITIES("bronze"),
    BRONZE_OPPORTUNITIES("bronze"), BRONZE_EVENTS("bronze"), BRONZE_CONSENT("bronze"), BRONZE_REPS("bronze"),
    LEADS("silver"), ACCOUNTS("silver"), ACTIVITIES("silver"), OPPORTUNITIES("silver"), EVENTS("silver"),
    CONSENT("silver"), QUARANTINE("silver"),
    /** the sales team (the {@code reps} export): territories, weight, capacity, absences */
    REPS("silver"),
    /**
     * per lead and UTC day: web and CRM activity measures and touches per hour, maintained incrementally by
     * {@code features}; the windowed features read it instead of raw events
     */
    LEAD_DAILY("gold"),
    FEATURES("gold"), TRAINING_SET("gold"), LEAD_SCORES("gold"), CRM_SYNC("gold"), CRM_PENDING("gold"),
    /** per lead and routing date: the rep routing assigned (or kept, or the fallback queue) and why */
    ASSIGNMENTS("gold"),
    /** per lead: the owner the CRM last confirmed (rep, assignment date, reason), as crm_sync is for scores */
    CRM_OWNER_SYNC("gold"),
    /** owner batches written before sending and not confirmed yet, as crm_pending is for scores */
    CRM_OWNER_PENDING("gold"),
    /** per date and champion version: PSI/KS/missing rates per feature and the score's PSI (the monitor) */
    DRIFT("gold"),
    /** per score date and model version: AUC, precision@20%, lift, per-tier rates, once the horizon closed */
    PERFORMANCE("gold"),
    /** the scoring service's prediction log, one row per online answer, ingested by the next nightly */
    ONLINE_SCORES("gold"),
    JOB_RUNS("ops"),
    /** one row per erased lead: hashed id, time, reason, rows removed per table; no PII */
    ERASURES("ops");

    private final String layer;

    Table(String layer) {
      this.layer = layer;
    }

    public String layer() {
      return layer;
    }

    public String tableName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The bronze table of a source ("leads" -> bronze_leads). */
    public static Table bronzeOf(String source) {
      return valueOf("BRONZE_" + source.toUpperCase(Locale.ROOT));
    }

    /** The silver table of a source ("leads" -> leads). */
    public static Table silverOf(String source) {
      return valueOf(source.toUpperCase(Locale.ROOT));
    }
  }

  private final String root;

  private Tables(String root) {
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  public static Tables at(String root) {
    if (root == null || root.isBlank()) {
      throw CoreErrors.emptySetting("leadscore.storage.root", "set it to a folder or an s3a:// URI");
    }
    return new Tables(root);
  }

  public String root() {
    return root;
  }

  public String path(Table table) {
    return root + "/" + table.layer() + "/" + table.tableName();
  }

  /** Where models and the local registry live (not a Delta table). */
  public String modelsDir() {
    return root + "/models";
  }

  /** Where the monitor's nightly HTML reports go by default ({@code <date>.html}). */
  public String reportsDir() {
    return root + "/reports";
  }

  /** Where the monitor's nightly runs are recorded (apart from training runs, which `leadscore runs` compares). */
  public String monitoringRunsDir() {
    return root + "/monitoring/runs";
  }

  /**
   * Where {@code leadscore serve} appends its prediction log (JSON-lines files, one per flush) until the next
   * nightly's ingest stage moves them into {@link Table#ONLINE_SCORES}.
   */
  public String predictionLogDir() {
    return root + "/online/prediction_log";
  }

  /** Where runs are recorded when no tracking server is reachable. */
  public String runsDir() {
    return root + "/runs";
  }
}
