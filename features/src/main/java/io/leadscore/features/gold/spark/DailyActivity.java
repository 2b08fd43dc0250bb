package io.leadscore.features.gold.spark;

import static io.leadscore.core.Columns.LEAD_ID;
import static org.apache.spark.sql.functions.*;

import io.delta.tables.DeltaTable;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The per-lead daily aggregates ({@code gold/lead_daily}) the windowed features read instead of raw history: one
 * row per lead and UTC day with {@link Rollups#daily}'s measures and the day's touches per hour. It is maintained
 * incrementally: a night recomputes only the (lead, day) pairs that rows ingested since the last refresh touch (a
 * late event's old day included) from silver, and MERGEs them in; the first refresh computes every day. So the
 * table always equals the roll-up of the whole of silver, and a night's cost follows its delivery, not the history.
 * Erasure and retention remove a lead's rows with its other rows (the table has {@code lead_id}).
 */
final class DailyActivity {
  /** lead_id, day, the measures, first/last touch, touches per hour, and the ingest time the row is current to. */
  static final StructType SCHEMA = schema();

  private final SparkSession spark;
  private final Tables tables;

  DailyActivity(SparkSession spark, Tables tables) {
    this.spark = spark;
    this.tables = tables;
  }

  /** Brings the table up to what silver holds now: the first refresh rolls up everything, later ones what changed. */
  void refresh() {
    Dataset<Row> events = read(Table.EVENTS);
    Dataset<Row> activities = read(Table.ACTIVITIES);
    String path = tables.path(Table.LEAD_DAILY);
    if (!stamped(events) || !stamped(activities)) {
      // silver written by hand, without ingest's stamp: nothing tells what is new, so roll everything up again
      rollup(events, activities, new java.sql.Timestamp(0)).write().format("delta").mode("overwrite")
          .option("overwriteSchema", "true").save(path);
      return;
    }
    boolean exists = DeltaTable.isDeltaTable(spark, path);
    Row done = exists ? spark.read().format("delta").load(path).agg(max("_through")).first() : null;
    // facts are append-only and each file is stamped at ingest: what arrived since the last refresh is everything
    // stamped after it (files of one night sit together, so Delta skips the older ones)
    Column fresh = done == null || done.isNullAt(0) ? lit(true) : col("_ingested_at").gt(lit(done.getTimestamp(0)));
    Dataset<Row> newEvents = events.filter(fresh);
    Dataset<Row> newActivities = activities.filter(fresh);
    Row newest = newEvents.select(col("_ingested_at")).unionByName(newActivities.select(col("_ingested_at")))
        .agg(max("_ingested_at")).first();
    if (newest.isNullAt(0)) {
      return; // nothing arrived
    }
    java.sql.Timestamp through = newest.getTimestamp(0);
    if (!exists) {
      rollup(events, activities, through).write().format("delta").save(path);
      return;
    }
    Dataset<Row> touched = Rollups.web(newEvents).select(LEAD_ID, "ts")
        .unionByName(Rollups.crm(newActivities).select(LEAD_ID, "ts"))
        .filter(col(LEAD_ID).isNotNull())
        .select(col(LEAD_ID).as("_t_lead"), to_date(col("ts")).as("_t_day")).distinct().localCheckpoint();
    Row first = touched.agg(min("_t_day")).first();
    if (first.isNullAt(0)) {
      return; // only rows without a lead arrived: no (lead, day) to roll up again
    }
    // the touched days start at the earliest day a new row falls on (a late event's old day included): the silver
    // files before it hold no row of a touched day, and Delta skips them by their time statistics
    Column since = lit(first.getDate(0)).cast("timestamp");
    Dataset<Row> changed = rollup(onDays(events.filter(col("ts").geq(since)), "ts", touched),
        onDays(activities.filter(col("occurred_at").geq(since)), "occurred_at", touched), through);
    DeltaTable.forPath(spark, path).as("t")
        .merge(changed.as("s"), "t.lead_id = s.lead_id AND t.day = s.day")
        .whenMatched().updateAll().whenNotMatched().insertAll().execute();
  }

  /**
   * The table as the features read it: lead_id, day, the measures, first/last touch and each day's touches per UTC
   * hour ({@code hours}: hour and n, sorted by hour).
   */
  Dataset<Row> rows() {
    return spark.read().format("delta").load(tables.path(Table.LEAD_DAILY)).drop("_through");
  }

  /** The roll-up of the given silver rows, one row per (lead, day), in {@link #SCHEMA}'s columns. */
  private static Dataset<Row> rollup(Dataset<Row> events, Dataset<Row> activities, java.sql.Timestamp through) {
    Dataset<Row> web = Rollups.web(events);
    Dataset<Row> crm = Rollups.crm(activities);
    // sorted by hour, so the same day gives the same array however its rows arrived
    Dataset<Row> hours = Rollups.hourly(web, crm).groupBy(LEAD_ID, "day")
        .agg(array_sort(collect_list(struct(col("hour"), col("n")))).as("hours"));
    List<Column> out = new ArrayList<>();
    for (String name : SCHEMA.fieldNames()) {
      out.add(name.equals("_through") ? lit(through).as(name) : col(name));
    }
    return Rollups.daily(web, crm).join(hours, new String[] {LEAD_ID, "day"}, "left")
        .select(out.toArray(new Column[0]));
  }

  /** The rows of the (lead, day) pairs in {@code touched}, whenever they were ingested. */
  private static Dataset<Row> onDays(Dataset<Row> facts, String ts, Dataset<Row> touched) {
    return facts.join(touched, col(LEAD_ID).equalTo(col("_t_lead")).and(to_date(col(ts)).equalTo(col("_t_day"))),
        "left_semi");
  }

  private static boolean stamped(Dataset<Row> facts) {
    return java.util.Arrays.asList(facts.columns()).contains("_ingested_at");
  }

  private Dataset<Row> read(Table t) {
    return spark.read().format("delta").load(tables.path(t));
  }

  private static StructType schema() {
    StructType s = new StructType().add(LEAD_ID, DataTypes.StringType).add("day", DataTypes.DateType)
        .add("first_ts", DataTypes.TimestampType);
    for (String m : Rollups.MEASURES) {
      s = s.add(m, DataTypes.DoubleType);
    }
    StructType hour = new StructType().add("hour", DataTypes.IntegerType).add("n", DataTypes.LongType, false);
    return s.add("last_ts", DataTypes.TimestampType)
        .add("hours", DataTypes.createArrayType(hour, false))
        .add("_through", DataTypes.TimestampType, false);
  }
}
