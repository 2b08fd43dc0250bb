package io.leadscore.monitoring.spark;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.monitoring.MonitorSettings;
import io.leadscore.monitoring.RepLeaderboard;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the leaderboard reads, on a hand-made lakehouse of a few rows (tiny Delta tables, no model). */
class LeaderboardInputsTest {
  static final SparkSession spark = SparkTestSession.get();
  static final LocalDate D = LocalDate.of(2026, 11, 24);
  @TempDir
  Path dir;

  void write(Tables t, Table table, StructType schema, List<Row> rows) {
    spark.createDataFrame(rows, schema).write().format("delta").save(t.path(table));
  }

  static Timestamp ts(String s) {
    return Timestamp.valueOf(s);
  }

  @Test
  void readsTheFirstAssignmentPerLeadAndRepItsFirstContactSinceAndWhetherItConvertedBeforeTheReportDate() {
    Tables t = Tables.at(dir.toString());
    Date d20 = Date.valueOf("2026-11-20");
    write(t, Table.ASSIGNMENTS, new StructType().add("lead_id", DataTypes.StringType).add("date", DataTypes.DateType)
        .add("tier", DataTypes.StringType).add("outcome", DataTypes.StringType).add("rep_id", DataTypes.StringType),
        List.of(RowFactory.create("L1", d20, "A", "assigned", "ana"),
            RowFactory.create("L1", Date.valueOf("2026-11-21"), "A", "kept", "ana"),
            RowFactory.create("L2", d20, "B", "assigned", "ben"),
            RowFactory.create("L3", d20, "A", "queued", null),
            RowFactory.create("L4", Date.valueOf("2026-09-01"), "A", "assigned", "ben")));
    write(t, Table.REPS, new StructType().add("rep_id", DataTypes.StringType).add("name", DataTypes.StringType)
        .add("updated_at", DataTypes.TimestampType), List.of(RowFactory.create("ana", "Ana (old)",
        ts("2026-11-19 00:00:00")), RowFactory.create("ana", "Ana", ts("2026-11-23 00:00:00"))));
    write(t, Table.ACTIVITIES, new StructType().add("lead_id", DataTypes.StringType)
        .add("activity_type", DataTypes.StringType).add("occurred_at", DataTypes.TimestampType),
        List.of(RowFactory.create("L1", "call", ts("2026-11-19 09:00:00")),    // before the assignment
            RowFactory.create("L1", "email_open", ts("2026-11-20 08:00:00")), // the lead's, not a contact
            RowFactory.create("L1", "CALL", ts("2026-11-20 10:00:00")),
            RowFactory.create("L2", "meeting", ts("2026-11-24 09:00:00")))); // on the report date: not read yet
    write(t, Table.OPPORTUNITIES, new StructType().add("lead_id", DataTypes.StringType)
        .add("stage", DataTypes.StringType).add("closed_at", DataTypes.TimestampType),
        List.of(RowFactory.create("L1", "Won", ts("2026-11-22 12:00:00")),
            RowFactory.create("L2", "lost", ts("2026-11-22 12:00:00"))));
    MonitorSettings.Leaderboard s = new MonitorSettings.Leaderboard(30, List.of("call", "email_sent", "meeting"),
        Map.of("A", Duration.ofHours(24), "B", Duration.ofHours(72)), Set.of("A", "B"));

    List<RepLeaderboard.Assigned> rows = new LeaderboardInputs(spark, t).read(D, s).stream()
        .sorted(Comparator.comparing(RepLeaderboard.Assigned::leadId)).toList();
    assertEquals(List.of(
        new RepLeaderboard.Assigned("ana", "Ana", "L1", "A", LocalDate.of(2026, 11, 20),
            ts("2026-11-20 10:00:00").toInstant(), true),
        new RepLeaderboard.Assigned("ben", null, "L2", "B", LocalDate.of(2026, 11, 20), null, false)), rows,
        "kept and queued rows and assignments before the window are not read; the latest name wins");
    assertEquals(List.of(), new LeaderboardInputs(spark, Tables.at(dir.resolve("empty").toString())).read(D, s),
        "nothing routed: no rows");
  }
}
