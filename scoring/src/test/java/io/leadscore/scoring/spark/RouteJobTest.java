package io.leadscore.scoring.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.scoring.routing.RoutingSettings;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The route stage on a hand-made lakehouse of a few leads and three reps (tiny Delta tables, no model). */
class RouteJobTest {
  static final SparkSession spark = SparkTestSession.get();
  static final LocalDate D = LocalDate.of(2026, 11, 24);
  static final RoutingSettings SETTINGS = new RoutingSettings(List.of("A", "B"), "country", "");

  @TempDir
  Path dir;

  void write(Table t, StructType schema, List<Row> rows, SaveMode mode) {
    spark.createDataFrame(rows, schema).write().format("delta").mode(mode).save(Tables.at(dir.toString()).path(t));
  }

  void scores(LocalDate day, Object[]... leads) {
    StructType schema = new StructType().add("lead_id", DataTypes.StringType).add("score_date", DataTypes.DateType)
        .add("tier", DataTypes.StringType).add("score", DataTypes.IntegerType);
    List<Row> rows = new ArrayList<>();
    for (Object[] l : leads) {
      rows.add(RowFactory.create(l[0], Date.valueOf(day), l[1], l[2]));
    }
    write(Table.LEAD_SCORES, schema, rows, SaveMode.Append);
  }

  Map<String, Row> assignments(LocalDate day) {
    Map<String, Row> out = new HashMap<>();
    spark.read().format("delta").load(Tables.at(dir.toString()).path(Table.ASSIGNMENTS))
        .filter(col("date").equalTo(Date.valueOf(day))).collectAsList().forEach(r -> out.put(r.getAs("lead_id"), r));
    return out;
  }

  @Test
  void routesHotLeadsWithinTheirTerritoryOncePerDateAndKeepsTheOwnerTheNextDayUnlessAway() {
    StructType leads = new StructType().add("lead_id", DataTypes.StringType).add("country", DataTypes.StringType);
    write(Table.LEADS, leads, List.of(RowFactory.create("L1", "DE"), RowFactory.create("L2", "DE"),
        RowFactory.create("L3", "DE"), RowFactory.create("L4", "FR"), RowFactory.create("L5", "US"),
        RowFactory.create("L6", "DE")), SaveMode.Overwrite);
    StructType reps = new StructType().add("rep_id", DataTypes.StringType).add("name", DataTypes.StringType)
        .add("territories", DataTypes.StringType).add("weight", DataTypes.IntegerType)
        .add("daily_capacity", DataTypes.IntegerType).add("max_open_leads", DataTypes.IntegerType)
        .add("away_from", DataTypes.StringType).add("away_to", DataTypes.StringType)
        .add("updated_at", DataTypes.TimestampType);
    Timestamp at = Timestamp.valueOf("2026-11-24 00:00:00");
    write(Table.REPS, reps, List.of(RowFactory.create("ana", "Ana", "DE", 200, 2, 10, "", "", at),
        RowFactory.create("ben", "Ben", "DE|FR", 100, 5, 10, "2026-11-25", "2026-11-30", at)), SaveMode.Overwrite);
    scores(D, new Object[] {"L1", "A", 90}, new Object[] {"L2", "B", 70}, new Object[] {"L3", "B", 60},
        new Object[] {"L4", "A", 80}, new Object[] {"L5", "A", 85}, new Object[] {"L6", "C", 20});

    RouteJob job = new RouteJob(spark, Tables.at(dir.toString()));
    RouteJob.Result first = job.run(D, SETTINGS, "run-1");
    Map<String, Row> a = assignments(D);
    assertEquals(5, a.size(), "tier C is not routed: " + a.keySet());
    assertEquals("ana", a.get("L1").getAs("rep_id"), "the hottest DE lead to the heaviest rep");
    assertEquals("tier A, territory DE, Ana 1/2 today", a.get("L1").getAs("reason"));
    assertEquals("ben", a.get("L4").getAs("rep_id"), "FR is Ben's only");
    assertEquals("queued", a.get("L5").getAs("outcome"), "nobody covers US");
    assertEquals(1, first.queued());
    assertEquals(4, first.assigned());
    // a re-run of the date: the same decisions, the date replaced, not appended
    RouteJob.Result again = job.run(D, SETTINGS, "run-2");
    assertEquals(first, again);
    Map<String, Row> b = assignments(D);
    a.forEach((lead, r) -> assertEquals(r.<String>getAs("rep_id"), b.get(lead).getAs("rep_id"), lead));
    assertEquals(5, b.size());

    // the next day: L1 keeps Ana; Ben is away, so his leads are routed again to Ana (within her room)
    LocalDate next = D.plusDays(1);
    scores(next, new Object[] {"L1", "A", 88}, new Object[] {"L4", "A", 80}, new Object[] {"L2", "B", 75});
    RouteJob.Result day2 = job.run(next, SETTINGS, "run-3");
    Map<String, Row> c = assignments(next);
    assertEquals("kept", c.get("L1").getAs("outcome"));
    assertEquals("ana", c.get("L1").getAs("rep_id"));
    String l2 = a.get("L2").getAs("rep_id");
    assertEquals(l2.equals("ana") ? "kept" : "assigned", c.get("L2").getAs("outcome"), "L2 was " + l2 + "'s");
    assertEquals("queued", c.get("L4").getAs("outcome"), "FR's only rep is away");
    assertEquals(1, day2.queued());
  }
}
