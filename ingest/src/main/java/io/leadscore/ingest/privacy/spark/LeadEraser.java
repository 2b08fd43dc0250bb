package io.leadscore.ingest.privacy.spark;

import static org.apache.spark.sql.functions.*;

import io.delta.tables.DeltaTable;
import io.leadscore.ingest.IngestErrors;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.ingest.SourceMapping;
import io.leadscore.ingest.privacy.CrmClearer;
import io.leadscore.ingest.privacy.ErasureResult;
import io.leadscore.ingest.privacy.LeadHash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes leads from every table that holds rows about them, then removes the files (VACUUM, zero retention),
 * clears their score in the CRM and records the erasure in {@code ops/erasures} without PII.
 *
 * <p>Which rows: every table of the catalog with a {@code lead_id} column (bronze through the source mapping's
 * normalisation, so a raw " L1 " is found as L1), and the quarantine rows whose bronze row (source file + row
 * number) belongs to the lead. Order matters for a rerun after a failure: quarantine is matched through bronze,
 * so it goes first; {@code crm_sync} goes last and only once the CRM confirmed the clear, so that a failed clear
 * is retried by the next run. Every step is idempotent: a second run finds nothing and changes nothing.
 */
public final class LeadEraser {
  private static final Logger LOG = LoggerFactory.getLogger(LeadEraser.class);
  static final String ID = "_erase_id";
  private static final StructType IDS = new StructType().add(ID, DataTypes.StringType, false);

  private final SparkSession spark;
  private final Tables tables;
  private final List<SourceMapping> sources;
  private final String salt;
  private CrmClearer crm = CrmClearer.NONE;

  public LeadEraser(SparkSession spark, Tables tables, List<SourceMapping> sources, String salt) {
    this.spark = spark;
    this.tables = tables;
    this.sources = List.copyOf(sources);
    this.salt = salt;
  }

  /** Where CRM clears go (default: nowhere). */
  public LeadEraser crm(CrmClearer clearer) {
    this.crm = clearer;
    return this;
  }

  public ErasureResult erase(List<String> leadIds, String command, String reason, String runId) {
    List<Row> rows = leadIds.stream().distinct().map(id -> RowFactory.create(id)).toList();
    return erase(spark.createDataFrame(rows, IDS), command, reason, runId);
  }

  /** @param ids one column, {@code _erase_id}: the leads to remove (distinct) */
  ErasureResult erase(Dataset<Row> ids, String command, String reason, String runId) {
    ids = ids.select(col(ID)).distinct().localCheckpoint();
    List<String> requested = ids.collectAsList().stream().map(r -> r.getString(0)).toList();
    Map<String, Map<String, Long>> perLead = new HashMap<>();
    Map<String, Long> totals = new LinkedHashMap<>();
    List<String> changed = new ArrayList<>();
    for (Target t : targets()) {
      if (t.table() == Table.CRM_SYNC) {
        continue;
      }
      long n = remove(t, ids, perLead);
      totals.put(t.table().tableName(), n);
      if (n > 0) {
        changed.add(t.path());
      }
    }
    // the CRM clear, then crm_sync: a lead leaves crm_sync only once the CRM no longer shows its score
    String crmSync = tables.path(Table.CRM_SYNC);
    int cleared = 0;
    String crmError = null;
    List<String> delivered = List.of();
    if (DeltaTable.isDeltaTable(spark, crmSync)) {
      delivered = spark.read().format("delta").load(crmSync).select("lead_id").distinct()
          .join(broadcast(ids), col("lead_id").equalTo(col(ID)), "left_semi").collectAsList().stream()
          .map(r -> r.getString(0)).sorted().toList();
      if (!delivered.isEmpty()) {
        try {
          cleared = crm.clear(delivered, reason);
          long n = remove(new Target(Table.CRM_SYNC, crmSync, "t.lead_id = s." + ID, x -> x), ids, perLead);
          totals.put(Table.CRM_SYNC.tableName(), n);
          changed.add(crmSync);
        } catch (RuntimeException e) {
          crmError = e.getMessage();
          LOG.error("CRM clear failed for {} lead(s); their crm_sync rows are kept and the next run retries: {}",
              delivered.size(), crmError);
        }
      }
    }
    List<String> vacuumed = new ArrayList<>();
    for (String path : changed) {
      ZeroRetentionVacuum.vacuum(spark, path);
      vacuumed.add(path.substring(path.lastIndexOf('/') + 1));
    }
    List<ErasureLog.Entry> entries = new ArrayList<>();
    boolean crmOk = crmError == null;
    java.util.Set<String> deliveredSet = new java.util.HashSet<>(delivered);
    for (String id : requested) {
      entries.add(new ErasureLog.Entry(LeadHash.of(salt, id), perLead.getOrDefault(id, Map.of()),
          crmOk && deliveredSet.contains(id)));
    }
    ErasureLog.append(spark, tables, entries, command, reason, runId);
    long found = requested.stream().filter(perLead::containsKey).count();
    totals.values().removeIf(v -> v == 0);
    return new ErasureResult(requested.size(), found, new TreeMap<>(totals), vacuumed, crmOk ? cleared : 0, crmError);
  }

  /**
   * Counts the target's rows per lead (for the erasure records), then deletes them with a MERGE on the ids: it
   * scales to a retention purge of many leads, where an IN list would not.
   */
  private long remove(Target t, Dataset<Row> ids, Map<String, Map<String, Long>> perLead) {
    Dataset<Row> source = t.source(ids);
    Dataset<Row> target = spark.read().format("delta").load(t.path());
    List<Row> counts = target.as("t").join(broadcast(source.as("s")), expr(t.on()), "inner")
        .groupBy(col("s." + ID)).count().collectAsList();
    long total = 0;
    for (Row r : counts) {
      perLead.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).merge(t.table().tableName(), r.getLong(1), Long::sum);
      total += r.getLong(1);
    }
    if (total > 0) {
      try {
        DeltaTable.forPath(spark, t.path()).as("t").merge(source.as("s"), t.on()).whenMatched().delete().execute();
      } catch (RuntimeException e) {
        throw IngestErrors.wrap("Erasure failed while deleting from " + t.path() + ": " + e.getMessage()
            + " (nothing is half-done in that table: run the same erasure again)", e);
      }
    }
    return total;
  }

  /**
   * A table to erase from: {@code on} matches its rows ({@code t}) to the rows of {@code source} ({@code s}),
   * which carries the lead id as {@code _erase_id}.
   */
  record Target(Table table, String path, String on, UnaryOperator<Dataset<Row>> source) {
    Dataset<Row> source(Dataset<Row> ids) {
      return source.apply(ids);
    }
  }

  /** Quarantine first (it is matched through bronze), then every table with a lead_id column; crm_sync last. */
  List<Target> targets() {
    List<Target> out = new ArrayList<>();
    List<Target> bronze = new ArrayList<>();
    for (Table table : Table.values()) {
      String path = tables.path(table);
      if (table == Table.QUARANTINE || !DeltaTable.isDeltaTable(spark, path)) {
        continue;
      }
      List<String> columns = Arrays.asList(spark.read().format("delta").load(path).columns());
      if (!columns.contains("lead_id")) {
        continue;
      }
      Target t = new Target(table, path, leadMatch(table), ids -> ids);
      out.add(t);
      if (table.layer().equals("bronze")) {
        bronze.add(t);
      }
    }
    String quarantine = tables.path(Table.QUARANTINE);
    if (!bronze.isEmpty() && DeltaTable.isDeltaTable(spark, quarantine)) {
      out.add(0, new Target(Table.QUARANTINE, quarantine,
          "t.source_file = s._source_file AND t.row_number = s._row_number", ids -> bronzeRows(bronze, ids)));
    }
    return out;
  }

  /** The lead's bronze rows as (lead, source file, row number). */
  private Dataset<Row> bronzeRows(List<Target> bronze, Dataset<Row> ids) {
    Dataset<Row> rows = null;
    for (Target b : bronze) {
      Dataset<Row> r = spark.read().format("delta").load(b.path()).as("t").join(broadcast(ids.as("s")), expr(b.on()))
          .select(col("s." + ID).as(ID), col("t._source_file").as("_source_file"),
              col("t._row_number").as("_row_number"));
      rows = rows == null ? r : rows.unionByName(r);
    }
    return rows.distinct();
  }

  /** The lead-id condition of a table; bronze ids are raw text, compared after the mapping's normalisation. */
  String leadMatch(Table table) {
    if (!table.layer().equals("bronze")) {
      return "t.lead_id = s." + ID;
    }
    List<String> forms = new ArrayList<>();
    for (SourceMapping m : sources) {
      if (Table.bronzeOf(m.table()) == table) {
        m.column("lead_id").ifPresent(c -> forms.add(normalised("t.lead_id", c.normalise())));
      }
    }
    if (forms.isEmpty()) {
      forms.add("trim(t.lead_id)");
    }
    return forms.stream().distinct().map(f -> f + " = s." + ID).reduce((a, b) -> "(" + a + " OR " + b + ")")
        .orElseThrow();
  }

  static String normalised(String column, List<String> steps) {
    String v = column;
    for (String step : steps) {
      v = step + "(" + v + ")"; // trim, lower, upper: Spark SQL functions of the same name
    }
    return v;
  }
}
