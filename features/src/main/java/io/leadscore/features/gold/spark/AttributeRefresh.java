package io.leadscore.features.gold.spark;

import static io.leadscore.core.Columns.AS_OF_DATE;
import static io.leadscore.core.Columns.LEAD_ID;
import static org.apache.spark.sql.functions.*;

import io.delta.tables.DeltaTable;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.spark.GoldFiles;
import io.leadscore.features.gold.GoldSettings;
import io.leadscore.features.gold.RefreshState;
import io.leadscore.features.gold.StoredRefresh;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A stored snapshot keeps its behaviour features (dated facts before its date), but its CRM-attribute features follow
 * the latest silver rows, as they would in a snapshot computed tonight: a lead promoted or an account edited after a
 * snapshot was stored changes that snapshot's attribute columns, so a lakehouse fed daily exports holds the same
 * snapshots as one rebuilt from a full export (which only knows the latest fields; see docs/concepts/known-limits.md).
 * <p>A row's attributes can only differ when its lead's silver row or its account's was ingested since the last
 * refresh (or one of its opportunities), or when its industry's or country's value at that date moved. So the refresh keeps a {@link RefreshState}
 * and compares only those rows; it compares every row when there is no state (a first run, silver without ingest
 * stamps), when the state does not cover a date, or when anything but a delete wrote the table since. Only the rows
 * that differ are rewritten (a MERGE on lead and date).
 */
final class AttributeRefresh {
  /** Operations after which the stored rows still hold what the state says (rows gone, none changed). */
  private static final Set<String> KEEP_STATE = Set.of("DELETE", "OPTIMIZE", "VACUUM START", "VACUUM END", "REORG");
  /** Up to this many compared (lead, date) pairs are broadcast to the stored rows' scan instead of shuffled. */
  private static final long BROADCAST_PAIRS = 1_000_000;

  private final SparkSession spark;
  private final Tables tables;
  private final FeatureCatalog catalog;
  private final FeatureBuilder builder;

  AttributeRefresh(SparkSession spark, Tables tables, FeatureCatalog catalog, GoldSettings settings) {
    this.spark = spark;
    this.tables = tables;
    this.catalog = catalog;
    this.builder = new FeatureBuilder(spark, tables, catalog, settings);
  }

  /** The last refresh's state, when only deletes wrote the table since: read it before tonight's writes. */
  Optional<RefreshState> prior() {
    String path = GoldFiles.attributeStatePath(tables);
    Optional<RefreshState> state = GoldFiles.read(path).map(j -> RefreshState.fromJson(j, path));
    if (state.isEmpty() || !DeltaTable.isDeltaTable(spark, tables.path(Table.FEATURES))) {
      return Optional.empty();
    }
    long since = version() - state.get().version();
    if (since < 0 || since > 1000) {
      return Optional.empty();
    }
    if (since > 0) {
      List<Row> ops = DeltaTable.forPath(spark, tables.path(Table.FEATURES)).history((int) since)
          .filter(col("version").gt(state.get().version())).select("operation").collectAsList();
      if (ops.size() != since || !ops.stream().allMatch(r -> KEEP_STATE.contains(r.getString(0)))) {
        return Optional.empty();
      }
    }
    return state;
  }

  /** Brings the {@code kept} dates' attribute columns up to silver, then records the state of every window date. */
  StoredRefresh run(List<LocalDate> kept, List<LocalDate> window, Optional<RefreshState> prior) {
    Timestamp through = through();
    Map<String, Map<String, Map<String, Double>>> now = collect(builder.segments(window));
    StoredRefresh done = StoredRefresh.NONE;
    if (!kept.isEmpty()) {
      Dataset<Row> only = through == null ? null : prior.filter(p -> p.covers(kept))
          .map(p -> compared(p, kept, now)).orElse(null);
      done = update(kept, only, rows(now, kept));
    }
    GoldFiles.write(GoldFiles.attributeStatePath(tables), new RefreshState(
        through == null ? null : through.toInstant(), version(), window.stream().map(LocalDate::toString).toList(),
        now).toJson());
    return done;
  }

  /** The (lead, date) pairs that can differ: an ingested lead or account, or a segment value that moved. */
  private Dataset<Row> compared(RefreshState prior, List<LocalDate> kept, Map<String, Map<String, Map<String, Double>>> now) {
    Column newer = col("_ingested_at").gt(lit(Timestamp.from(prior.through())));
    Dataset<Row> leads = read(Table.LEADS).select(col(LEAD_ID), col("account_id"), col("country"), col("_ingested_at"));
    Dataset<Row> accounts = read(Table.ACCOUNTS).select(col("account_id"), col("industry"), col("_ingested_at"));
    Dataset<Row> dates = spark.createDataFrame(kept.stream().map(d -> RowFactory.create(Date.valueOf(d))).toList(),
        new StructType().add(AS_OF_DATE, DataTypes.DateType, false));
    Dataset<Row> edited = leads.filter(newer).select(LEAD_ID)
        .union(leads.join(accounts.filter(newer).select("account_id"), new String[] {"account_id"}, "left_semi")
            .select(LEAD_ID))
        .union(read(Table.OPPORTUNITIES).filter(newer).select(LEAD_ID))
        .crossJoin(broadcast(dates));
    List<Row> moved = prior.moved(kept, now).stream()
        .map(m -> RowFactory.create(Date.valueOf(m[0]), m[1], m[2])).toList();
    Dataset<Row> segments = broadcast(spark.createDataFrame(moved, new StructType()
        .add(AS_OF_DATE, DataTypes.DateType).add("segment", DataTypes.StringType).add("key", DataTypes.StringType)));
    Dataset<Row> byCountry = leads.select(col(LEAD_ID), col("country").as("key"))
        .join(segments.filter(col("segment").equalTo("country")), "key").select(LEAD_ID, AS_OF_DATE);
    Dataset<Row> byIndustry = leads.join(accounts.select(col("account_id"), col("industry").as("key")), "account_id")
        .join(segments.filter(col("segment").equalTo("industry")), "key").select(LEAD_ID, AS_OF_DATE);
    return edited.unionByName(byCountry).unionByName(byIndustry).distinct().localCheckpoint();
  }

  /** Rewrites the attribute columns of the stored rows (of {@code only}'s pairs, or all) that differ from silver. */
  private StoredRefresh update(List<LocalDate> kept, Dataset<Row> only, Dataset<Row> segments) {
    List<String> attrs = catalog.features().stream().filter(catalog::isAttribute).map(f -> f.name()).toList();
    List<String> keyed = new ArrayList<>(List.of(LEAD_ID, AS_OF_DATE));
    keyed.addAll(attrs);
    Column[] cols = keyed.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    Dataset<Row> stored = read(Table.FEATURES).filter(col(AS_OF_DATE).isin(kept.stream().map(Date::valueOf).toArray()))
        .select(cols);
    long pairs = 0;
    boolean few = false;
    if (only != null) {
      pairs = only.count();
      if (pairs == 0) {
        return StoredRefresh.NONE;
      }
      few = pairs <= BROADCAST_PAIRS;
      // read three times below (changed, added, removed rows): once from the table
      stored = stored.join(few ? broadcast(only) : only, new String[] {LEAD_ID, AS_OF_DATE}, "left_semi")
          .localCheckpoint();
    }
    String[] key = {LEAD_ID, AS_OF_DATE};
    Dataset<Row> fresh = builder.attributes(kept, only, few, segments).select(cols).localCheckpoint();
    Dataset<Row> changed = fresh.join(stored.select(LEAD_ID, AS_OF_DATE), key, "left_semi").except(stored)
        .localCheckpoint();
    // a lead that arrived late (created before a stored snapshot) is open at it, as in a rebuild; a lead whose
    // closing arrived late is not
    Dataset<Row> added = fresh.select(LEAD_ID, AS_OF_DATE).join(stored, key, "left_anti").localCheckpoint();
    Dataset<Row> removed = stored.select(LEAD_ID, AS_OF_DATE).join(fresh, key, "left_anti").localCheckpoint();
    StoredRefresh done = new StoredRefresh(only == null, pairs, changed.count(), added.count(), removed.count());
    String path = tables.path(Table.FEATURES);
    String in = kept.stream().map(d -> "DATE'" + d + "'").collect(Collectors.joining(", "));
    String on = "t.as_of_date IN (" + in + ") AND t.lead_id = s.lead_id AND t.as_of_date = s.as_of_date";
    if (done.rewritten() > 0 || done.removed() > 0) {
      // a night's refresh changes the rows of the leads edited that day, spread over every stored snapshot's file:
      // without deletion vectors the MERGE rewrites each of those files whole, with them it writes the changed rows
      io.leadscore.core.spark.DeletionVectors.enable(spark, path);
    }
    if (done.rewritten() > 0) {
      Map<String, String> set = new LinkedHashMap<>();
      attrs.forEach(a -> set.put(a, "s." + a));
      DeltaTable.forPath(spark, path).as("t").merge(changed.as("s"), on).whenMatched().updateExpr(set).execute();
    }
    if (done.removed() > 0) {
      DeltaTable.forPath(spark, path).as("t").merge(removed.as("s"), on).whenMatched().delete().execute();
    }
    if (done.added() > 0) {
      // their attributes are tonight's fresh ones; the rest is computed for those leads and dates alone
      List<Column> all = new ArrayList<>(List.of(col(LEAD_ID), col(AS_OF_DATE)));
      catalog.names().forEach(n -> all.add(col(n)));
      builder.behaviour(kept, added, done.added() <= BROADCAST_PAIRS).join(fresh, key)
          .select(all.toArray(Column[]::new)).write().format("delta").mode("append").partitionBy(AS_OF_DATE).save(path);
    }
    return done;
  }

  /** The segment values of {@code dates} as {@link FeatureBuilder#segments}' rows. */
  private Dataset<Row> rows(Map<String, Map<String, Map<String, Double>>> values, List<LocalDate> dates) {
    List<Row> out = new ArrayList<>();
    for (LocalDate d : dates) {
      values.getOrDefault(d.toString(), Map.of()).forEach((segment, byKey) -> byKey.forEach((k, v) ->
          out.add(RowFactory.create(Date.valueOf(d), segment, k, v))));
    }
    return spark.createDataFrame(out, new StructType().add(AS_OF_DATE, DataTypes.DateType)
        .add("segment", DataTypes.StringType).add("key", DataTypes.StringType).add("value", DataTypes.DoubleType));
  }

  /** The newest ingest stamp of silver leads, accounts and opportunities, or null when a table has none. */
  private Timestamp through() {
    Dataset<Row> all = null;
    for (Table t : List.of(Table.LEADS, Table.ACCOUNTS, Table.OPPORTUNITIES)) {
      Dataset<Row> d = read(t);
      if (!Arrays.asList(d.columns()).contains("_ingested_at")) {
        return null;
      }
      all = all == null ? d.select("_ingested_at") : all.unionByName(d.select("_ingested_at"));
    }
    Row r = all.agg(max("_ingested_at")).first();
    return r.isNullAt(0) ? null : r.getTimestamp(0);
  }

  private static Map<String, Map<String, Map<String, Double>>> collect(Dataset<Row> segments) {
    Map<String, Map<String, Map<String, Double>>> out = new TreeMap<>();
    for (Row r : segments.filter(col("key").isNotNull()).collectAsList()) {
      out.computeIfAbsent(r.getDate(0).toString(), d -> new TreeMap<>())
          .computeIfAbsent(r.getString(1), s -> new TreeMap<>())
          .put(r.getString(2), r.isNullAt(3) ? null : r.getDouble(3));
    }
    return out;
  }

  private long version() {
    return DeltaLog.forTable(spark, tables.path(Table.FEATURES))
        .update(false, scala.Option.empty(), scala.Option.empty()).version();
  }

  private Dataset<Row> read(Table t) {
    return spark.read().format("delta").load(tables.path(t));
  }
}
