package io.leadscore.cli.docs;

import io.leadscore.cli.spark.LakehouseViews;
import io.leadscore.core.Tables.Table;
import io.leadscore.features.catalog.FeatureCatalog;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code docs/reference/tables.md}: every table of the catalog ({@link Table}) with its layer, path, the command
 * that writes it and its columns, read from the jobs' schema constants (no Spark session: a StructType is plain
 * data), from the feature catalogue, or from the source mappings for bronze and silver.
 */
public final class TableDocs {
  /** The class and constant that hold a table's schema (package-private in the jobs: read by reflection). */
  static final Map<Table, String> SCHEMAS = Map.ofEntries(
      Map.entry(Table.LEAD_DAILY, "io.leadscore.features.gold.spark.DailyActivity#SCHEMA"),
      Map.entry(Table.LEAD_SCORES, "io.leadscore.scoring.spark.BatchScoring#SCHEMA"),
      Map.entry(Table.CRM_SYNC, "io.leadscore.scoring.spark.CrmSyncLedger#SCHEMA"),
      Map.entry(Table.CRM_PENDING, "io.leadscore.scoring.spark.CrmSyncLedger#PENDING"),
      Map.entry(Table.ASSIGNMENTS, "io.leadscore.scoring.spark.RouteJob#SCHEMA"),
      Map.entry(Table.CRM_OWNER_SYNC, "io.leadscore.scoring.spark.CrmOwnerLedger#SYNC"),
      Map.entry(Table.CRM_OWNER_PENDING, "io.leadscore.scoring.spark.CrmOwnerLedger#PENDING"),
      Map.entry(Table.ONLINE_SCORES, "io.leadscore.scoring.spark.OnlineScoresIngest#SCHEMA"),
      Map.entry(Table.DRIFT, "io.leadscore.monitoring.spark.DriftTable#SCHEMA"),
      Map.entry(Table.PERFORMANCE, "io.leadscore.monitoring.spark.PerformanceTable#SCHEMA"),
      Map.entry(Table.JOB_RUNS, "io.leadscore.core.runs.spark.JobRunLog#SCHEMA"),
      Map.entry(Table.ERASURES, "io.leadscore.ingest.privacy.spark.ErasureLog#SCHEMA"));

  private TableDocs() {}

  public static StructType schema(Table t) {
    String[] ref = SCHEMAS.get(t).split("#");
    try {
      Field f = Class.forName(ref[0]).getDeclaredField(ref[1]);
      f.setAccessible(true);
      return (StructType) f.get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("TableDocs: the schema of " + t.tableName() + " moved from " + SCHEMAS.get(t)
          + ": update TableDocs.SCHEMAS", e);
    }
  }

  public static String markdown() {
    StringBuilder s = new StringBuilder("# Tables reference\n\n")
        .append("Generated from the table catalog (`io.leadscore.core.Tables`) and the jobs' schemas by `TableDocs` ")
        .append("(cli tests): do not edit by hand; `DocsTest` fails when it differs from the code.\n\n")
        .append("Every table is a Delta table at `<leadscore.storage.root>/<layer>/<table>`. `leadscore tables` lists ")
        .append("them with their Delta version and row count; `leadscore sql` queries them by name (time travel: ")
        .append("`name@vN`). Concepts: [stages and tables](../concepts/stages-and-tables.md).\n\n")
        .append("| table | layer | written by |\n|---|---|---|\n");
    for (Table t : Table.values()) {
      s.append("| [`").append(t.tableName()).append("`](#").append(t.tableName()).append(") | ").append(t.layer())
          .append(" | `").append(LakehouseViews.createdBy(t)).append("` |\n");
    }
    for (Table t : Table.values()) {
      s.append("\n## ").append(t.tableName()).append("\n\n").append(t.layer()).append(", `<storage.root>/")
          .append(t.layer()).append('/').append(t.tableName()).append("`, written by `")
          .append(LakehouseViews.createdBy(t)).append("`.\n\n").append(columns(t)).append('\n');
    }
    return s.toString();
  }

  private static String columns(Table t) {
    if (SCHEMAS.containsKey(t)) {
      StringBuilder b = new StringBuilder("| column | type | nullable |\n|---|---|---|\n");
      for (StructField f : schema(t).fields()) {
        b.append("| `").append(f.name()).append("` | ").append(f.dataType().simpleString().replace("|", "\\|"))
            .append(" | ").append(f.nullable() ? "yes" : "no").append(" |\n");
      }
      return b.toString();
    }
    return switch (t) {
      case FEATURES -> "`lead_id`, `as_of_date`, then one column per feature of the catalogue ("
          + FeatureCatalog.standard().features().size() + " in `" + FeatureCatalog.standard().version()
          + "`), in [its order](features.md); a labelled export's own catalogue otherwise.\n";
      case TRAINING_SET -> "The `features` columns of the training snapshot dates, with `label` (1 when the lead "
          + "converted within the label horizon).\n";
      case QUARANTINE -> "Rows that failed a validation rule at ingest, one per row: `source`, `source_file`, "
          + "`row_number`, `field`, `rule`, `raw_value` (PII redacted), `reason` (every failed rule), `raw_record` "
          + "(always empty), `batch_date`, `quarantined_at`.\n";
      default -> t.layer().equals("bronze")
          ? "The source's columns as exported, as text, then `_parse_error` and `_raw_record` (set for a row that could "
              + "not be parsed) and the lineage columns `_row_number`, `_source_file`, `_file_size`, "
              + "`_file_checksum`, `_batch_date`, `_ingested_at`. The only place raw PII is kept "
              + "(`leadscore.ingest.bronze_retention_days`).\n"
          : "The columns the source mapping declares, typed (PII columns as `<column>_hash` or dropped), then "
              + "`_source_file`, `_row_number`, `_batch_date`, `_ingested_at`. The columns the standard features read: "
              + "[the canonical schema](../how-to/new-crm-export.md#the-canonical-schema).\n";
    };
  }

  static String names() {
    return java.util.Arrays.stream(Table.values()).map(Table::tableName).collect(Collectors.joining(", "));
  }
}
