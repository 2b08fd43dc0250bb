package io.leadscore.ingest.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.delta.tables.DeltaTable;
import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.ingest.IngestSpec;
import io.leadscore.ingest.Reconciliation;
import io.leadscore.ingest.SourceMapping;
import io.leadscore.ingest.generate.Delivery;
import io.leadscore.ingest.generate.ExportGenerator;
import io.leadscore.ingest.generate.GeneratorSpec;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Daily deliveries: a full export at D-3 followed by three daily exports gives the same silver tables as a fresh
 * lakehouse that ingests a full export of the same world at D; a daily export's updated lead changes its silver
 * row; an event that arrives late (older than its delivery's day) still lands and is counted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DailyDeliveryIngestTest {
  static final LocalDate D = LocalDate.of(2026, 11, 24);
  static final LocalDate FIRST = D.minusDays(3);
  static final int LEADS = 120;
  // fewer days of history keep the five ingests cheap; the late-event test needs more than 30 days
  static final int HISTORY_DAYS = 90;
  static final List<String> SILVER = List.of("leads", "accounts", "activities", "opportunities", "events", "consent");

  Path dir;
  Tables incremental;
  Tables rebuilt;
  Map<String, Row> leadsAfterFirst;
  List<Reconciliation> lastDaily;
  /** events' files in all, and those whose statistics overlap the last night's day, right after it */
  int eventFiles;
  int lastDayFiles;

  @BeforeAll
  void ingest(@TempDir Path tmp) {
    dir = tmp;
    incremental = Tables.at(dir.resolve("incremental").toString());
    rebuilt = Tables.at(dir.resolve("rebuilt").toString());
    Path landing = dir.resolve("landing");
    generate(landing, new Delivery(FIRST, null, FIRST));
    ingest(incremental, landing, FIRST);
    leadsAfterFirst = rows(incremental, "leads");
    for (LocalDate d = FIRST.plusDays(1); !d.isAfter(D); d = d.plusDays(1)) {
      generate(landing, new Delivery(FIRST, d.minusDays(1), d));
      lastDaily = ingest(incremental, landing, d);
    }
    Dataset<Row> events = silver(incremental, "events");
    eventFiles = events.inputFiles().length;
    lastDayFiles = events.filter(col("ts").geq(java.sql.Timestamp.valueOf(D.minusDays(1).atStartOfDay()))
        .and(col("ts").lt(java.sql.Timestamp.valueOf(D.atStartOfDay())))).inputFiles().length;
    Path full = dir.resolve("landing-full");
    generate(full, new Delivery(FIRST, null, D));
    ingest(rebuilt, full, D);
  }

  static void generate(Path landing, Delivery window) {
    new ExportGenerator(new GeneratorSpec(landing, window.to(), LEADS, HISTORY_DAYS, 42), window).generate();
  }

  static List<Reconciliation> ingest(Tables tables, Path landing, LocalDate date) {
    return new IngestJob(SparkTestSession.get(), tables).run(new IngestSpec(date, landing,
        SourceMapping.all(LeadscoreConfig.defaults(Map.of())), "test-salt"));
  }

  static Dataset<Row> silver(Tables tables, String table) {
    return SparkTestSession.get().read().format("delta").load(tables.root() + "/silver/" + table);
  }

  /** A silver table's business columns (not the ingestion's own: file, row number, batch date, time), sorted. */
  static List<String> sorted(Tables tables, String table) {
    Dataset<Row> t = silver(tables, table);
    String[] business = Arrays.stream(t.columns()).filter(c -> !c.startsWith("_")).sorted().toArray(String[]::new);
    return t.selectExpr(business).collectAsList().stream().map(Row::toString).sorted().toList();
  }

  static Map<String, Row> rows(Tables tables, String table) {
    return silver(tables, table).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getAs("lead_id"), r -> r));
  }

  @Test
  void threeDailyExportsGiveTheSilverTablesOfAFullExport() {
    for (String table : SILVER) {
      List<String> inc = sorted(incremental, table);
      List<String> full = sorted(rebuilt, table);
      assertFalse(full.isEmpty(), table);
      assertEquals(full.size(), inc.size(), table + ": rows");
      assertEquals(full, inc, table);
    }
  }

  /**
   * The reps export is a full export each day: silver keeps every rep delivered (latest row wins), and the latest
   * day's team is the rows of that day's export. A Monday between the first and the last delivery changed one seat.
   */
  @Test
  void theRepsExportLandsInSilverWithTheLatestDaysTeam() {
    Dataset<Row> reps = silver(incremental, "reps");
    long latest = reps.filter(col("updated_at").equalTo(java.sql.Timestamp.valueOf(D.atStartOfDay()))).count();
    assertEquals(16, latest, "two reps per country on " + D);
    assertEquals(17, reps.count(), "and the one whose seat changed hands on Monday");
    assertEquals(16, silver(rebuilt, "reps").count(), "a rebuild from the last export knows its team only");
    assertEquals(1, reps.filter(col("away_from").notEqual("")).filter(col("updated_at")
        .equalTo(java.sql.Timestamp.valueOf(D.atStartOfDay()))).count(), "one rep away this week");
  }

  @Test
  void aDailyExportsUpdatedLeadChangesItsSilverRow() {
    Map<String, Row> now = rows(incremental, "leads");
    List<String> updated = now.values().stream()
        .filter(r -> leadsAfterFirst.containsKey(r.<String>getAs("lead_id")))
        .filter(r -> !r.getAs("updated_at").equals(leadsAfterFirst.get(r.<String>getAs("lead_id")).getAs("updated_at")))
        .map(r -> r.<String>getAs("lead_id")).toList();
    assertFalse(updated.isEmpty(), "the daily exports edit leads delivered before");
    for (String id : updated) {
      Row before = leadsAfterFirst.get(id);
      Row after = now.get(id);
      assertTrue(((java.sql.Timestamp) after.getAs("updated_at")).after(before.getAs("updated_at")), id);
      assertFalse(((java.sql.Timestamp) after.getAs("updated_at")).before(
          java.sql.Timestamp.valueOf(FIRST.atStartOfDay())), id + " was edited after the first delivery");
      assertNotEquals(before.<String>getAs("job_title"), after.<String>getAs("job_title"), id + ": promoted");
      assertEquals(before.<Object>getAs("created_at"), after.getAs("created_at"), id);
    }
  }

  @Test
  void aLateEventLandsAndIsCounted() throws Exception {
    Path landing = dir.resolve("landing-late");
    LocalDate next = D.plusDays(1);
    Path file = Files.createDirectories(landing.resolve("analytics").resolve(next.toString())).resolve("events.jsonl.gz");
    String day = "{\"event_id\":\"LATE-0\",\"lead_id\":\"L0000001\",\"event_type\":\"page_view\",\"page\":\"/pricing\","
        + "\"ts\":\"" + D + "T09:00:00Z\",\"session_id\":\"late-s0\",\"user_agent\":\"Mozilla/5.0\",\"duration_seconds\":30}\n";
    // delivered a month late: older than every file the bounded MERGE would touch for the night's own day
    String late = day.replace("LATE-0", "LATE-1").replace(D + "T09", D.minusDays(30) + "T09").replace("late-s0", "late-s1");
    // and one already delivered: a duplicate of an event in silver, within the late range, is not inserted again
    Row known = silver(incremental, "events").filter(col("ts").lt(java.sql.Timestamp.valueOf(D.minusDays(20).atStartOfDay())))
        .orderBy(col("ts").desc()).first();
    String again = day.replace("LATE-0", known.getAs("event_id")).replace(D + "T09:00:00Z",
        ((java.sql.Timestamp) known.getAs("ts")).toInstant().toString()).replace("L0000001", known.getAs("lead_id"));
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write((day + late + again).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    long before = silver(incremental, "events").count();
    List<Reconciliation> recs = new IngestJob(SparkTestSession.get(), incremental).run(new IngestSpec(next, landing,
        SourceMapping.all(LeadscoreConfig.defaults(Map.of())).stream().filter(m -> m.name().equals("events")).toList(),
        "test-salt"));
    Reconciliation r = IngestTestSupport.of(recs, "events");
    assertEquals(3, r.received(), r.line());
    assertEquals(3, r.accepted(), r.line());
    assertTrue(r.holds(), r.line());
    assertEquals(before + 2, silver(incremental, "events").count(), "the late event lands, the known one once");
    assertEquals(1, silver(incremental, "events").filter(col("event_id").equalTo("LATE-1")).count());
    assertEquals(1, silver(incremental, "events").filter(col("event_id").equalTo(known.<String>getAs("event_id"))).count());
  }

  @Test
  void theNightsMergeOfFactsReadsOnlyTheFilesOfItsDates() {
    // the last daily MERGE of events: Delta's data skipping on ts kept it to the files of the delivery's range
    Row merge = DeltaTable.forPath(SparkTestSession.get(), incremental.root() + "/silver/events").history()
        .filter(col("operation").equalTo("MERGE")).orderBy(col("version").desc()).select("operationMetrics").first();
    Map<String, String> m = merge.getJavaMap(0);
    assertTrue(m.containsKey("numTargetFilesAdded"), m.toString());
    assertEquals("0", m.getOrDefault("numTargetFilesRemoved", "0"), "insert-only: no file rewritten " + m);
    // the first load is ordered by time and each night adds its own files: a day's range skips the rest
    assertTrue(eventFiles >= 4, "a first load in time slices, plus files per night: " + eventFiles);
    assertTrue(lastDayFiles >= 1 && lastDayFiles <= eventFiles / 2,
        "files whose statistics overlap the last day: " + lastDayFiles + " of " + eventFiles);
    assertTrue(lastDaily.stream().allMatch(Reconciliation::holds));
  }
}
