package io.leadscore.scoring.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.scoring.routing.RoutingSettings;
import io.leadscore.scoring.sink.CrmSink;
import io.leadscore.scoring.sink.CrmSinks;
import io.leadscore.scoring.sink.FakeCrmServer;
import io.leadscore.scoring.sink.HttpSinkSettings;
import io.leadscore.scoring.sink.RetryPolicy;
import java.time.Duration;
import java.util.Optional;
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

  /** Six leads (DE, FR, US), Ana (DE, 2 a day) and Ben (DE and FR, away from the day after D for a week). */
  void world() {
    leads();
    reps();
  }

  void leads() {
    StructType leads = new StructType().add("lead_id", DataTypes.StringType).add("country", DataTypes.StringType);
    write(Table.LEADS, leads, List.of(RowFactory.create("L1", "DE"), RowFactory.create("L2", "DE"),
        RowFactory.create("L3", "DE"), RowFactory.create("L4", "FR"), RowFactory.create("L5", "US"),
        RowFactory.create("L6", "DE")), SaveMode.Overwrite);
  }

  void reps() {
    StructType reps = new StructType().add("rep_id", DataTypes.StringType).add("name", DataTypes.StringType)
        .add("territories", DataTypes.StringType).add("weight", DataTypes.IntegerType)
        .add("daily_capacity", DataTypes.IntegerType).add("max_open_leads", DataTypes.IntegerType)
        .add("away_from", DataTypes.StringType).add("away_to", DataTypes.StringType)
        .add("updated_at", DataTypes.TimestampType);
    Timestamp at = Timestamp.valueOf("2026-11-24 00:00:00");
    write(Table.REPS, reps, List.of(RowFactory.create("ana", "Ana", "DE", 200, 2, 10, "", "", at),
        RowFactory.create("ben", "Ben", "DE|FR", 100, 5, 10, "2026-11-25", "2026-11-30", at)), SaveMode.Overwrite);
  }

  @Test
  void routesHotLeadsWithinTheirTerritoryOncePerDateAndKeepsTheOwnerTheNextDayUnlessAway() {
    leads();
    scores(D, new Object[] {"L1", "A", 90}, new Object[] {"L2", "B", 70}, new Object[] {"L3", "B", 60},
        new Object[] {"L4", "A", 80}, new Object[] {"L5", "A", 85}, new Object[] {"L6", "C", 20});
    RouteJob job = new RouteJob(spark, Tables.at(dir.toString()));
    // before any reps export (X Education, a hand-made world): nothing routed, nothing queued, nothing written
    assertEquals(new RouteJob.Result(0, 0, 0, 0, Map.of(), Map.of()), job.run(D, SETTINGS, "run-0"),
        "no reps: routing is off, not failing");
    assertFalse(java.nio.file.Files.exists(Path.of(Tables.at(dir.toString()).path(Table.ASSIGNMENTS))));
    reps();

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

  /**
   * The owner reaches the CRM (the in-process REST CRM) once per new assignment: a re-run of the date sends
   * nothing, and routing an older date after a newer one never overwrites the newer owner.
   */
  @Test
  void eachNewOwnerReachesTheCrmOnceAndABackfillNeverOverwritesANewerOwner() throws Exception {
    world();
    scores(D, new Object[] {"L1", "A", 90}, new Object[] {"L2", "B", 70}, new Object[] {"L3", "B", 60},
        new Object[] {"L4", "A", 80}, new Object[] {"L5", "A", 85});
    scores(D.plusDays(1), new Object[] {"L1", "A", 88}, new Object[] {"L2", "B", 75});
    Tables tables = Tables.at(dir.toString());
    RouteJob job = new RouteJob(spark, tables);
    try (FakeCrmServer crm = new FakeCrmServer("1", 0)) {
      CrmSink sink = CrmSinks.http(new HttpSinkSettings(crm.url(), "Authorization", "", Duration.ofSeconds(20), 50,
          new RetryPolicy(2, Duration.ZERO, Duration.ZERO, Duration.ZERO)), Optional.empty());
      java.util.function.BiFunction<LocalDate, String, CrmOwnerWriteback.Result> route = (day, run) -> {
        job.run(day, SETTINGS, run);
        return new CrmOwnerWriteback(spark, tables, CrmWritebackTest.settings(10), run).deliver(sink, day);
      };
      CrmOwnerWriteback.Result first = route.apply(D, "run-1");
      assertEquals(4, first.changed(), "L1, L2, L3 and L4 were assigned; L5 is queued");
      assertEquals(4, first.report().delivered());
      assertEquals(Map.of("L1", "ana", "L2", "ben", "L3", "ana", "L4", "ben"), Map.of("L1", crm.owner("L1"),
          "L2", crm.owner("L2"), "L3", crm.owner("L3"), "L4", crm.owner("L4")));
      assertNull(crm.owner("L5"), "a queued lead has no owner to send");
      assertEquals("tier A, territory DE, Ana 1/2 today", crm.owners.get("L1").path("reason").asText());
      assertEquals(D.toString(), crm.owners.get("L1").path("assigned_on").asText());

      int requests = crm.requestKeys.size();
      CrmOwnerWriteback.Result again = route.apply(D, "run-2");
      assertEquals(0, again.changed(), "a re-run of the date: the same owners, nothing new");
      assertEquals(requests, crm.requestKeys.size(), "nothing sent");

      // the next day Ben is away: L2 goes to Ana, and the CRM shows her
      assertEquals(1, route.apply(D.plusDays(1), "run-3").changed());
      assertEquals("ana", crm.owner("L2"));
      // a backfill of D routes L2 to Ben again (as of before D nobody owned it), but the CRM keeps Ana
      CrmOwnerWriteback.Result backfill = route.apply(D, "run-4");
      assertEquals("ben", assignments(D).get("L2").getAs("rep_id"));
      assertEquals(1, backfill.heldBack());
      assertEquals(0, backfill.changed());
      assertEquals("ana", crm.owner("L2"), "a backfill never overwrites a newer owner");
      crm.appliedOwners.forEach((k, n) -> assertEquals(1, n, k + " applied once"));
    }
  }
}
