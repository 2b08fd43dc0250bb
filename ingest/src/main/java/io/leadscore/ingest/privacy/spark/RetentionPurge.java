package io.leadscore.ingest.privacy.spark;

import static io.leadscore.core.Columns.LEAD_ID;
import static org.apache.spark.sql.functions.*;

import io.delta.tables.DeltaTable;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.ingest.privacy.ErasureResult;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Retention: leads whose last activity is older than {@code retention.months} leave every table (through
 * {@link LeadEraser}, files included), and bronze batches older than {@code bronze_retention_days} leave bronze
 * and quarantine with their files.
 *
 * <p>A lead's last activity is the latest timestamp about it in any silver table (its CRM record's created and
 * updated times, activities, events, opportunities, consent changes); a lead with no timestamp at all counts
 * from the batch in which its rows last arrived.
 */
public final class RetentionPurge {
  private final SparkSession spark;
  private final Tables tables;
  private final LeadEraser eraser;

  /** What a purge did: stale leads erased, and bronze/quarantine rows of expired batches. */
  public record Result(LocalDate leadCutoff, ErasureResult leads, LocalDate bronzeCutoff, long bronzeRows,
                       long quarantineRows, List<String> vacuumed) {
    public Result {
      vacuumed = List.copyOf(vacuumed);
    }
  }

  public RetentionPurge(SparkSession spark, Tables tables, LeadEraser eraser) {
    this.spark = spark;
    this.tables = tables;
    this.eraser = eraser;
  }

  /**
   * @param months     lead retention (0: keep leads)
   * @param bronzeDays bronze retention in days (0: keep bronze)
   */
  public Result run(LocalDate batchDate, int months, int bronzeDays, String runId) {
    LocalDate leadCutoff = months > 0 ? batchDate.minusMonths(months) : null;
    ErasureResult leads = new ErasureResult(0, 0, java.util.Map.of(), List.of(), 0, null);
    if (leadCutoff != null) {
      Dataset<Row> stale = staleLeads(leadCutoff);
      if (stale != null && !stale.isEmpty()) {
        leads = eraser.erase(stale, "purge", "retention: no activity since " + leadCutoff + " (" + months
            + " months)", runId);
      }
    }
    LocalDate bronzeCutoff = bronzeDays > 0 ? batchDate.minusDays(bronzeDays) : null;
    long bronzeRows = 0;
    long quarantineRows = 0;
    List<String> vacuumed = new ArrayList<>(leads.vacuumed());
    if (bronzeCutoff != null) {
      Column old = col("_batch_date").lt(lit(java.sql.Date.valueOf(bronzeCutoff)));
      for (Table t : Table.values()) {
        if (t.layer().equals("bronze")) {
          bronzeRows += deleteAndVacuum(tables.path(t), old, vacuumed);
        }
      }
      // quarantine rows point at bronze rows: they go with them (and take raw values of older versions along)
      quarantineRows = deleteAndVacuum(tables.path(Table.QUARANTINE),
          col("batch_date").lt(lit(java.sql.Date.valueOf(bronzeCutoff))), vacuumed);
    }
    return new Result(leadCutoff, leads, bronzeCutoff, bronzeRows, quarantineRows, vacuumed);
  }

  /**
   * Deletes the rows (ingest may already have: it purges bronze itself) and VACUUMs when files of older versions
   * are still on disk (a DELETE or an overwrite since the last VACUUM).
   */
  private long deleteAndVacuum(String path, Column condition, List<String> vacuumed) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return 0;
    }
    long n = spark.read().format("delta").load(path).filter(condition).count();
    if (n > 0) {
      DeltaTable.forPath(spark, path).delete(condition);
    }
    String name = path.substring(path.lastIndexOf('/') + 1);
    // files the current version no longer reads still on disk: deleted now (a table with none costs a listing)
    if (!vacuumed.contains(name) && ZeroRetentionVacuum.vacuum(spark, path) > 0) {
      vacuumed.add(name);
    }
    return n;
  }

  /**
   * Leads (as {@code _erase_id}) whose latest timestamp in silver is before the cutoff; null: no silver table. A lead
   * is stale when it has a row before the cutoff and none at or after it. The rows before the cutoff are looked for
   * first, by a filter Delta skips files by (the facts are laid out by time): a lakehouse younger than its retention
   * has none, and the nightly purge then reads none of the facts' history. Only those leads' later rows are looked
   * for after that.
   */
  Dataset<Row> staleLeads(LocalDate cutoff) {
    Timestamp cut = Timestamp.from(cutoff.atStartOfDay(ZoneOffset.UTC).toInstant());
    Dataset<Row> before = null;
    Dataset<Row> after = null;
    for (Table t : Table.values()) {
      String path = tables.path(t);
      if (!t.layer().equals("silver") || t == Table.QUARANTINE || !DeltaTable.isDeltaTable(spark, path)) {
        continue;
      }
      Dataset<Row> df = spark.read().format("delta").load(path);
      if (!Arrays.asList(df.columns()).contains(LEAD_ID)) {
        continue;
      }
      List<Column> times = new ArrayList<>();
      for (StructField f : df.schema().fields()) {
        if (f.dataType().equals(DataTypes.TimestampType) && !f.name().startsWith("_")) {
          times.add(col(f.name()));
        }
      }
      // the batch date only where the row has no timestamp of its own
      Column batch = col("_batch_date").cast("timestamp");
      Column at = times.isEmpty() ? batch
          : coalesce(times.size() == 1 ? times.get(0) : greatest(times.toArray(new Column[0])), batch);
      // at < cut, written for one time column as Delta's data skipping reads it (a coalesce hides the column)
      Column old = times.size() == 1 ? times.get(0).lt(lit(cut)).or(times.get(0).isNull().and(batch.lt(lit(cut))))
          : at.lt(lit(cut));
      Dataset<Row> rows = df.filter(col(LEAD_ID).isNotNull());
      Dataset<Row> b = rows.filter(old).select(col(LEAD_ID));
      Dataset<Row> a = rows.filter(at.geq(lit(cut))).select(col(LEAD_ID));
      before = before == null ? b : before.unionByName(b);
      after = after == null ? a : after.unionByName(a);
    }
    if (before == null) {
      return null;
    }
    Dataset<Row> candidates = before.distinct().localCheckpoint();
    if (candidates.isEmpty()) {
      return candidates.select(col(LEAD_ID).as(LeadEraser.ID));
    }
    // checkpointed: the caller asks whether any is stale, then erases them
    return candidates.join(after, new String[] {LEAD_ID}, "left_anti").select(col(LEAD_ID).as(LeadEraser.ID))
        .localCheckpoint();
  }
}
