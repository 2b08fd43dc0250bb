package io.leadscore.ingest.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables.Table;
import io.leadscore.ingest.Reconciliation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole-file cases in one ingest: JSON lines (gzip) with broken lines, duplicates, bots and outliers;
 * empty and header-only files; a file lacking a required column (fails alone, the others load); a new
 * column (reported, kept in bronze); semicolons with CRLF; Parquet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileKindsIngestTest {
  static final String MAPPING = """
      leadscore.ingest.sources = [events, empty, header_only, missing_col, drift, semi, pq, required_empty,
        required_zero, late_keys]
      base { group = crm, format = csv, table = leads, key = [lead_id], latest_by = updated_at
        columns { lead_id = "string, required", name = string, updated_at = "timestamp, required" } }
      leadscore.sources.empty = ${base} { file = "empty.csv" }
      leadscore.sources.header_only = ${base} { file = "header.csv" }
      leadscore.sources.missing_col = ${base} { file = "missing.csv" }
      leadscore.sources.drift = ${base} { file = "drift.csv" }
      leadscore.sources.semi = ${base} { file = "semi.csv", delimiter = ";" }
      leadscore.sources.pq = ${base} { file = "people.parquet", format = parquet }
      leadscore.sources.required_empty = ${base} { file = "required_header.csv", required = true }
      leadscore.sources.required_zero = ${base} { file = "required_zero.csv", required = true }
      leadscore.sources.late_keys = ${base} { group = analytics, file = "late.jsonl.gz", format = jsonl }
      """;
  static final String TS = "2026-11-01T10:00:00Z";

  /** JSON lines before the line that brings a new key: more than RawReader ever sampled (10,000). */
  static final int LATE_KEY_LINE = 10_005;

  IngestTestSupport t;
  List<Reconciliation> recs;
  List<io.leadscore.core.runs.Problem> problems;
  final Map<Long, String> expectedEvents = new HashMap<>();
  long eventLines;

  private void line(ByteArrayOutputStream out, String json, String rule) {
    eventLines++;
    if (rule != null) {
      expectedEvents.put(eventLines, rule);
    }
    out.writeBytes(json.getBytes(StandardCharsets.UTF_8));
    out.write('\n');
  }

  private static String event(String id, String session, String ts, String agent, String duration) {
    return "{\"event_id\":\"" + id + "\",\"lead_id\":\"L1\",\"event_type\":\"page_view\",\"page\":\"/p\",\"ts\":\""
        + ts + "\",\"session_id\":\"" + session + "\",\"user_agent\":\"" + agent + "\",\"duration_seconds\":"
        + duration + "}";
  }

  @BeforeAll
  void ingest(@TempDir Path dir) throws IOException {
    t = new IngestTestSupport(dir, MAPPING);
    String human = "Mozilla/5.0 (X11; Linux x86_64)";
    ByteArrayOutputStream ev = new ByteArrayOutputStream();
    line(ev, event("e1", "s1", TS, human, "60"), null);
    line(ev, "hello", "parse");
    line(ev, "{\"event_id\":\"e3\",\"ts\":", "parse");
    line(ev, "[\"e4\"]", "parse");
    eventLines++;
    expectedEvents.put(eventLines, "parse");
    ev.writeBytes("{\"event_id\":\"e5\",\"ts\":\"2026-11-01T10:00:00Z\",\"page\":\"caf".getBytes(StandardCharsets.UTF_8));
    ev.write(0xE9);
    ev.writeBytes("\"}\n".getBytes(StandardCharsets.UTF_8));
    line(ev, "{\"event_id\":\"e6\",\"lead_id\":\"L1\"}", "required");
    line(ev, event("e1", "s1", TS, human, "60"), null); // delivered twice
    line(ev, event("e8", "s8", TS, "Mozilla/5.0 (compatible; Googlebot/2.1)", "30"), null);
    // the only control character of the file is escaped: the file's own pass must still see that one may be there
    line(ev, event("e9", "s9", TS, human + "\\u0007", "30"), "control_chars");
    for (int i = 0; i < 40; i++) { // 40 clicks in one minute from one session: not a person
      line(ev, event("f" + i, "sfast", "2026-11-01T11:00:" + String.format("%02d", i) + "Z", human, "1"), null);
    }
    for (int i = 0; i < 20; i++) {
      line(ev, event("n" + i, "sn" + i, TS, human, Integer.toString(10 + 10 * i)), null);
    }
    line(ev, event("big", "sbig", TS, human, "80000"), null);
    line(ev, event("neg", "sneg", TS, human, "-5"), "min");
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
      z.write(ev.toByteArray());
    }
    t.write("analytics", "events.jsonl.gz", gz.toByteArray());

    t.write("crm", "empty.csv", "");
    t.write("crm", "header.csv", "lead_id,name,updated_at\n");
    t.write("crm", "missing.csv", "lead_id,name\nM1,Max\n");
    t.write("crm", "drift.csv", "lead_id,name,updated_at,Favourite Colour\nD1,Dee," + TS + ",blue\n");
    t.write("crm", "semi.csv", "lead_id;name;updated_at\r\nS1;Ann;" + TS + "\r\nS2;\"Bo; Jr\";" + TS + "\r\n");
    t.write("crm", "required_header.csv", "lead_id,name,updated_at\n");
    t.write("crm", "required_zero.csv", "");
    writeLateKeys();
    writeParquet(dir);
    IngestJob.Result result = t.ingestWithProblems();
    recs = result.files();
    problems = result.problems();
  }

  /** Tiny JSON lines; the key `late_key` first appears on line {@link #LATE_KEY_LINE}. */
  private void writeLateKeys() throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
      for (int i = 1; i <= LATE_KEY_LINE + 2; i++) {
        String late = i == LATE_KEY_LINE ? ",\"late_key\":\"hello\"" : "";
        z.write(("{\"lead_id\":\"J" + i + "\",\"updated_at\":\"" + TS + "\"" + late + "}\n")
            .getBytes(StandardCharsets.UTF_8));
      }
    }
    t.write("analytics", "late.jsonl.gz", gz.toByteArray());
  }

  private void writeParquet(Path dir) throws IOException {
    var spark = SparkTestSession.get();
    StructType schema = new StructType().add("lead_id", DataTypes.StringType).add("name", DataTypes.StringType)
        .add("updated_at", DataTypes.StringType);
    Path out = dir.resolve("pq");
    spark.createDataFrame(List.of(RowFactory.create("P1", "Pat", TS), RowFactory.create("P2", "Pam", "not a time")),
        schema).coalesce(1).write().parquet(out.toString());
    try (var files = Files.list(out)) {
      Path part = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
      t.write("crm", "people.parquet", Files.readAllBytes(part));
    }
  }

  @Test
  void jsonLinesBadLinesAreQuarantinedAndReconciled() {
    Reconciliation r = IngestTestSupport.of(recs, "events");
    assertTrue(r.holds(), r.line());
    assertEquals(eventLines, r.received());
    assertEquals(expectedEvents.size(), r.quarantined());
    assertEquals(1, r.duplicates(), "the event delivered twice is dropped by event id");
    Map<Long, String> rules = new HashMap<>();
    for (Row q : t.table(Table.QUARANTINE).filter(col("source").equalTo("events")).collectAsList()) {
      rules.put(q.getAs("row_number"), q.getAs("rule"));
    }
    assertEquals(expectedEvents, rules);
  }

  @Test
  void botsAreFlaggedByAgentAndByRate() {
    var events = t.table(Table.EVENTS);
    assertTrue(events.filter(col("event_id").equalTo("e8")).first().<Boolean>getAs("is_bot"), "bot user agent");
    assertEquals(40, events.filter(col("session_id").equalTo("sfast").and(col("is_bot"))).count(),
        "40 events in one minute");
    assertFalse(events.filter(col("event_id").equalTo("e1")).first().<Boolean>getAs("is_bot"));
  }

  @Test
  void engagementOutliersAreCappedWithTheRawValueKept() {
    Row big = t.table(Table.EVENTS).filter(col("event_id").equalTo("big")).first();
    assertEquals(80000, (int) big.getAs("duration_seconds_raw"));
    int capped = big.getAs("duration_seconds");
    assertTrue(capped < 1000 && capped > 60, "capped at the upper IQR fence, got " + capped);
    Row normal = t.table(Table.EVENTS).filter(col("event_id").equalTo("n5")).first();
    assertEquals(60, (int) normal.getAs("duration_seconds"), "values inside the fences are unchanged");
  }

  @Test
  void emptyAndHeaderOnlyFilesReceiveNothing() {
    for (String s : List.of("empty", "header_only")) {
      Reconciliation r = IngestTestSupport.of(recs, s);
      assertEquals(0, r.received(), r.line());
      assertTrue(r.holds());
      assertFalse(r.failed());
      assertTrue(problems.stream().noneMatch(p -> p.subject().contains(r.file())),
          "an empty optional export is no problem: " + problems);
    }
  }

  @Test
  void anEmptyRequiredExportIsAProblemNamingTheFileAndWhy() {
    for (String file : List.of("required_header.csv", "required_zero.csv")) {
      var p = problems.stream().filter(x -> x.subject() != null && x.subject().endsWith(file)).toList();
      assertEquals(1, p.size(), file + ": " + problems);
      assertEquals(io.leadscore.core.runs.Problem.EXPORT_MISSING, p.get(0).kind());
      assertTrue(p.get(0).message().contains("no records") && p.get(0).message().contains("required"),
          p.get(0).message());
      assertTrue(p.get(0).message().contains(IngestTestSupport.DATE.toString()), p.get(0).message());
    }
    assertTrue(IngestTestSupport.of(recs, "required_empty").line().contains("received 0"));
  }

  @Test
  void aJsonKeyFirstSeenAfterTenThousandLinesIsReportedAndKeptInBronze() {
    Reconciliation r = IngestTestSupport.of(recs, "late_keys");
    assertEquals(LATE_KEY_LINE + 2, r.received(), r.line());
    assertEquals(List.of("late_key"), r.newColumns(), r.line());
    assertTrue(r.line().contains("new columns (kept in bronze, not mapped): [late_key]"), r.line());
    Row b = t.table(Table.BRONZE_LEADS).filter(col("lead_id").equalTo("J" + LATE_KEY_LINE)).first();
    assertEquals("hello", b.getAs("late_key"));
    assertEquals(1, t.table(Table.BRONZE_LEADS).filter(col("late_key").isNotNull()).count());
  }

  @Test
  void aMissingRequiredColumnFailsThatFileOnly() {
    Reconciliation r = IngestTestSupport.of(recs, "missing_col");
    assertTrue(r.failed());
    assertTrue(r.failure().contains("lacks required column(s) [updated_at] of source 'missing_col'"), r.failure());
    assertTrue(r.line().contains("FAILED"), r.line());
    var leads = t.table(Table.LEADS);
    assertEquals(0, leads.filter(col("lead_id").equalTo("M1")).count());
    assertEquals(1, leads.filter(col("lead_id").equalTo("D1")).count(), "the other files still load");
  }

  @Test
  void aNewColumnIsReportedAndKeptInBronze() {
    Reconciliation r = IngestTestSupport.of(recs, "drift");
    assertEquals(List.of("Favourite Colour"), r.newColumns());
    assertTrue(r.line().contains("new columns"), r.line());
    Row b = t.table(Table.BRONZE_LEADS).filter(col("lead_id").equalTo("D1")).first();
    assertEquals("blue", b.getAs("favourite_colour"));
    assertFalse(List.of(t.table(Table.LEADS).columns()).contains("favourite_colour"), "not mapped: not in silver");
  }

  @Test
  void semicolonsCrlfAndParquetLoad() {
    var leads = t.table(Table.LEADS);
    assertEquals("Ann", leads.filter(col("lead_id").equalTo("S1")).first().getAs("name"));
    assertEquals("Bo; Jr", leads.filter(col("lead_id").equalTo("S2")).first().getAs("name"));
    assertEquals(2, IngestTestSupport.of(recs, "semi").accepted());
    Reconciliation pq = IngestTestSupport.of(recs, "pq");
    assertEquals(2, pq.received());
    assertEquals(1, pq.quarantined(), "the unparseable time");
    assertEquals("Pat", leads.filter(col("lead_id").equalTo("P1")).first().getAs("name"));
  }
}
