package io.leadscore.ingest.privacy.spark;

import static org.apache.spark.sql.functions.*;

import io.delta.tables.DeltaTable;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.ingest.IngestErrors;
import io.leadscore.ingest.SourceMapping;
import io.leadscore.ingest.privacy.CrmClearer;
import io.leadscore.ingest.privacy.ErasureResult;
import io.leadscore.ingest.privacy.LeadHash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes leads from every version of every table that holds rows about them, clears them in the CRM through the
 * writeback's ledger, takes their ids out of the run records, and records the erasure in {@code ops/erasures}
 * without PII.
 *
 * <p>Which tables: see {@link EraseTargets}. A table is rewritten (one MERGE for all ids) where its current
 * version holds a lead, and VACUUMed with zero retention where any version did: also a table that was overwritten
 * whole since (crm_pending, training_set), whose current version no longer shows the lead. Order matters for a
 * rerun after a failure: quarantine is matched through bronze, so it goes first; {@code crm_sync} and
 * {@code crm_pending} go last and only once the CRM confirmed the clear, so that a failed clear is retried by the
 * next run. Every step is idempotent: a second run finds nothing and changes nothing.
 */
public final class LeadEraser {
  private static final Logger LOG = LoggerFactory.getLogger(LeadEraser.class);
  static final String ID = "_erase_id";
  private static final StructType IDS = new StructType().add(ID, DataTypes.StringType, false);
  private static final Set<Table> LEDGER = Set.of(Table.CRM_SYNC, Table.CRM_PENDING);

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
    EraseTargets found = new EraseTargets(spark, tables, sources);
    Map<String, Map<String, Long>> counts = found.count(ids);
    Set<String> toVacuum = new LinkedHashSet<>(found.historyHolders(ids));
    Map<String, Map<String, Long>> perLead = new HashMap<>();
    Map<String, Long> totals = new LinkedHashMap<>();
    EraseTargets.Target[] ledger = new EraseTargets.Target[2];
    for (EraseTargets.Target t : found.targets) {
      if (LEDGER.contains(t.table())) {
        ledger[t.table() == Table.CRM_SYNC ? 0 : 1] = t;
      } else if (counts.containsKey(t.name())) {
        remove(found, t, ids, counts.get(t.name()), perLead, totals);
        toVacuum.add(t.name());
      }
    }
    // the CRM clear, then the ledger: a lead leaves crm_sync and crm_pending only once the CRM no longer shows it.
    // Delivered means confirmed (crm_sync) or sent and maybe applied without a confirmation (crm_pending).
    Set<String> delivered = new TreeSet<>();
    for (EraseTargets.Target t : ledger) {
      if (t != null) {
        delivered.addAll(counts.getOrDefault(t.name(), Map.of()).keySet());
      }
    }
    int cleared = 0;
    String crmError = null;
    if (!delivered.isEmpty()) {
      try {
        cleared = crm.clear(List.copyOf(delivered), reason);
      } catch (RuntimeException e) {
        crmError = e.getMessage();
        LOG.error("CRM clear failed for {} lead(s); their crm_sync and crm_pending rows are kept and the next run "
            + "retries: {}", delivered.size(), crmError);
      }
    }
    if (crmError == null) {
      for (Table table : List.of(Table.CRM_SYNC, Table.CRM_PENDING)) {
        // opened again: the clear itself moved the leads through the ledger (pending, then confirmed), and may
        // have created crm_pending
        String path = tables.path(table);
        if (!DeltaTable.isDeltaTable(spark, path)) {
          continue;
        }
        EraseTargets.Target fresh = new EraseTargets.Target(table, path, "t.lead_id = s." + ID,
            spark.read().format("delta").load(path), null);
        Map<String, Long> now = countOne(fresh, ids);
        // booked: the rows the lead had before the clear, or the row the clear itself recorded
        Map<String, Long> booked = new TreeMap<>(now);
        booked.putAll(counts.getOrDefault(fresh.name(), Map.of()));
        if (!now.isEmpty()) {
          remove(found, fresh, ids, booked, perLead, totals);
        } else {
          book(fresh.name(), booked, perLead, totals);
        }
        if (!booked.isEmpty() || !delivered.isEmpty()) {
          toVacuum.add(fresh.name()); // the clear's own ledger rows name the leads too
        }
      }
    }
    long runs = RunRecordScrub.jobRuns(spark, tables, requested);
    if (runs > 0) {
      toVacuum.add(Table.JOB_RUNS.tableName());
    }
    RunRecordScrub.files(spark, tables, requested);
    List<String> vacuumed = new ArrayList<>();
    for (Table t : Table.values()) {
      if (toVacuum.contains(t.tableName())) {
        ZeroRetentionVacuum.vacuum(spark, tables.path(t));
        vacuumed.add(t.tableName());
      }
    }
    List<ErasureLog.Entry> entries = new ArrayList<>();
    boolean crmOk = crmError == null;
    for (String id : requested) {
      entries.add(new ErasureLog.Entry(LeadHash.of(salt, id), perLead.getOrDefault(id, Map.of()),
          crmOk && delivered.contains(id)));
    }
    ErasureLog.append(spark, tables, entries, command, reason, runId);
    long foundLeads = requested.stream().filter(perLead::containsKey).count();
    totals.values().removeIf(v -> v == 0);
    return new ErasureResult(requested.size(), foundLeads, new TreeMap<>(totals), vacuumed,
        crmOk ? cleared : 0, crmError);
  }

  private Map<String, Long> countOne(EraseTargets.Target t, Dataset<Row> ids) {
    Map<String, Long> out = new TreeMap<>();
    t.current().as("t").join(broadcast(ids.as("s")), expr(t.on())).groupBy(col("s." + ID)).count().collectAsList()
        .forEach(r -> out.put(r.getString(0), r.getLong(1)));
    return out;
  }

  /**
   * Deletes the target's rows of the leads with one MERGE on the ids (it scales to a retention purge of many
   * leads, where an IN list would not, and writes no id into the commit), and books the counts per lead.
   */
  private void remove(EraseTargets found, EraseTargets.Target t, Dataset<Row> ids, Map<String, Long> byLead,
                      Map<String, Map<String, Long>> perLead, Map<String, Long> totals) {
    try {
      DeltaTable.forPath(spark, t.path()).as("t").merge(found.source(t, ids).as("s"), t.on()).whenMatched().delete()
          .execute();
    } catch (RuntimeException e) {
      throw IngestErrors.wrap("Erasure failed while deleting from " + t.path() + ": " + e.getMessage()
          + " (nothing is half-done in that table: run the same erasure again)", e);
    }
    book(t.name(), byLead, perLead, totals);
  }

  private static void book(String table, Map<String, Long> byLead, Map<String, Map<String, Long>> perLead,
                           Map<String, Long> totals) {
    long total = 0;
    for (Map.Entry<String, Long> e : byLead.entrySet()) {
      perLead.computeIfAbsent(e.getKey(), k -> new TreeMap<>()).merge(table, e.getValue(), Long::sum);
      total += e.getValue();
    }
    totals.merge(table, total, Long::sum);
  }
}
