package io.leadscore.cli;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.delta.tables.DeltaTable;
import io.leadscore.core.SharedFixtures;
import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.core.runs.JobSummary;
import io.leadscore.ingest.IngestSpec;
import io.leadscore.ingest.Reconciliation;
import io.leadscore.ingest.SourceMapping;
import io.leadscore.ingest.spark.IngestJob;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import redis.clients.jedis.JedisPooled;

/**
 * Issue 25's proof, through the commands a nightly runs, on a tiny generated world:
 * <ul>
 *   <li>a full export at D-3 followed by three daily exports (ingest and features every night, the whole nightly on
 *   the last) gives the same silver tables, {@code features}, {@code training_set} and {@code lead_scores} as a fresh
 *   lakehouse that ingests one full export of the same world at D;</li>
 *   <li>then both lakehouses take the daily export of D+1 (the champion scores: no training), the incremental one
 *   with one lead promoted and a meeting with it added: that lead alone gets other features and another score;</li>
 *   <li>the nightly's materialise stage fills a real Redis (one prefix per lakehouse) with what the service reads;</li>
 *   <li>ingest's part of it, on the incremental lakehouse: a daily export's updated lead changes its silver row, the
 *   night's insert-only MERGE of events reads only the files of its dates, and an event that arrives late (older
 *   than its delivery's day) still lands and is counted, and the next features run rolls its day up again in the
 *   per-lead daily aggregates (on its own copy of the lakehouse).</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncrementalNightlyTest {
  static final LocalDate D = LocalDate.of(2026, 11, 24);
  static final LocalDate FIRST = D.minusDays(3);
  static final LocalDate NEXT = D.plusDays(1);
  static final List<String> SILVER = List.of("leads", "accounts", "activities", "opportunities", "events", "consent",
      "quarantine");
  /**
   * Columns that are run-specific by definition, left out of every comparison: ingestion's own (every silver column
   * starting with `_`: source file, row number, batch date, ingest time: each delivery is another file read on
   * another night), the lineage of a quarantined row (its file, row number in that file, batch date and time: the
   * same bad row arrives in another file, at another row, on another night) and, in lead_scores, the run that wrote
   * the row and when.
   */
  static final Set<String> RUN_SPECIFIC = Set.of("source_file", "row_number", "batch_date", "quarantined_at",
      "run_id", "scored_at");

  Path dir;
  Path incremental;
  Path rebuilt;
  Process redis;
  int redisPort;
  /** item 1's tables as of night D, incremental then rebuilt, by table */
  final Map<String, List<List<String>>> atD = new LinkedHashMap<>();
  Map<String, Object> nightD;
  Map<String, Object> nightNext;
  String promoted;
  /** the incremental lakehouse's silver leads right after the first (full) delivery, by lead */
  Map<String, Row> leadsAfterFirst;

  @BeforeAll
  void nights(@TempDir Path tmp) throws Exception {
    dir = tmp;
    startRedis();
    incremental = conf("incremental", "inc:");
    rebuilt = conf("rebuilt", "full:");
    ok("generate", FIRST, incremental);
    ingestAndFeatures(FIRST, incremental);
    leadsAfterFirst = table(incremental, "silver/leads").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getAs("lead_id"), r -> r));
    for (LocalDate d = FIRST.plusDays(1); d.isBefore(D); d = d.plusDays(1)) {
      ok("generate", d, incremental);
      ingestAndFeatures(d, incremental);
    }
    ok("generate", D, incremental);
    nightD = nightly(D, incremental);
    // the same world (seed, anchor): one full export at D into a fresh landing folder and lakehouse
    Path world = Files.createDirectories(landing(rebuilt).resolve("_generator")).resolve("world.properties");
    Files.copy(landing(incremental).resolve("_generator/world.properties"), world);
    ok("generate", D, rebuilt, "--full");
    nightly(D, rebuilt);
    for (Path conf : List.of(incremental, rebuilt)) {
      for (String t : SILVER) {
        atD.computeIfAbsent("silver/" + t, k -> new ArrayList<>()).add(sorted(table(conf, "silver/" + t)));
      }
      // features: D's rows and the training snapshots (the incremental lakehouse also holds D-3..D-1's own rows)
      atD.computeIfAbsent("gold/features", k -> new ArrayList<>()).add(sorted(table(conf, "gold/features")
          .filter(col("as_of_date").isin(featureDates(rebuilt).toArray()))));
      atD.computeIfAbsent("gold/training_set", k -> new ArrayList<>()).add(sorted(table(conf, "gold/training_set")));
      // the per-lead daily aggregates: maintained night by night on one side, rolled up once on the other
      atD.computeIfAbsent("gold/lead_daily", k -> new ArrayList<>()).add(sorted(table(conf, "gold/lead_daily")));
      atD.computeIfAbsent("gold/lead_scores", k -> new ArrayList<>()).add(sorted(table(conf, "gold/lead_scores")));
    }
    // night D+1: the same daily export for both, the incremental one with one lead edited in it
    ok("generate", NEXT, incremental);
    ok("generate", NEXT, rebuilt);
    promoted = promoteALead();
    nightNext = nightly(NEXT, incremental, "--set", "leadscore.training.schedule=weekly");
    nightly(NEXT, rebuilt, "--set", "leadscore.training.schedule=weekly");
  }

  @AfterAll
  void stopRedis() throws InterruptedException {
    if (redis != null) {
      redis.destroyForcibly().waitFor();
    }
  }

  /** A configuration of its own per lakehouse: a tiny world, a short calendar and the cheapest valid training. */
  Path conf(String name, String prefix) throws Exception {
    Path conf = dir.resolve(name + ".conf");
    Files.writeString(conf, String.join("\n",
        "leadscore.storage.root = \"" + dir.resolve(name) + "\"",
        "leadscore.landing.dir = \"" + dir.resolve(name + "-landing") + "\"",
        "leadscore.writeback.outbox_dir = \"" + dir.resolve(name + "-outbox") + "\"",
        "leadscore.generator { leads = 120, history_days = 42 }",
        // a week's horizon on a weekly calendar: two or three snapshots, the latest the out-of-time holdout
        "leadscore.label.horizon_days = 7",
        "leadscore.snapshots { cadence_days = 7, lookback_days = 21 }",
        "leadscore.training { folds = 2, num_round = 20, early_stopping_rounds = 5,"
            + " grid { max_depth = [3], min_child_weight = [1.0] } }",
        "leadscore.monitor.enabled = false",
        "leadscore.serving { store.kind = redis, redis { port = " + redisPort + ", prefix = \"" + prefix + "\" } }"));
    return conf;
  }

  Path landing(Path conf) {
    return dir.resolve(conf.getFileName().toString().replace(".conf", "") + "-landing");
  }

  void ingestAndFeatures(LocalDate date, Path conf) {
    ok("ingest", date, conf);
    ok("features", date, conf);
  }

  Map<String, Object> nightly(LocalDate date, Path conf, String... more) throws Exception {
    Path json = dir.resolve(conf.getFileName() + "-" + date + ".json");
    List<String> args = new ArrayList<>(List.of("--summary-json", json.toString()));
    args.addAll(Arrays.asList(more));
    ok("nightly", date, conf, args.toArray(String[]::new));
    return JobSummary.parse(Files.readString(json));
  }

  static String ok(String command, LocalDate date, Path conf, String... more) {
    List<String> args = new ArrayList<>(List.of(command, "--date", date.toString(), "--conf", conf.toString(),
        "--quiet"));
    args.addAll(Arrays.asList(more));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute(args.toArray(String[]::new));
    assertEquals(0, code, command + " " + date + ": " + out + err);
    return out.toString();
  }

  Dataset<Row> table(Path conf, String path) {
    String root = conf.getFileName().toString().replace(".conf", "");
    return SparkTestSession.get().read().format("delta").load(dir.resolve(root) + "/" + path);
  }

  Set<Date> featureDates(Path conf) {
    return Set.copyOf(table(conf, "gold/features").select("as_of_date").distinct().collectAsList().stream()
        .map(r -> r.getDate(0)).toList());
  }

  /** The comparable columns (sorted by name) of a table, its rows as strings, sorted. */
  static List<String> sorted(Dataset<Row> t) {
    String[] kept = Arrays.stream(t.columns()).filter(c -> !c.startsWith("_") && !RUN_SPECIFIC.contains(c)).sorted()
        .toArray(String[]::new);
    return t.selectExpr(kept).collectAsList().stream().map(Row::toString).sorted().toList();
  }

  static void assertSame(String what, List<String> inc, List<String> full) {
    assertFalse(full.isEmpty(), what + " is empty");
    List<String> onlyInc = inc.stream().filter(r -> !full.contains(r)).limit(3).toList();
    List<String> onlyFull = full.stream().filter(r -> !inc.contains(r)).limit(3).toList();
    assertEquals(full.size(), inc.size(), what + ": rows; incremental only " + onlyInc + "; rebuild only " + onlyFull);
    assertEquals(full, inc, what + ": incremental only " + onlyInc + "; rebuild only " + onlyFull);
  }

  /**
   * Edits the incremental lakehouse's export of D+1 as a CRM would send it: an open lead, scored at D and not in
   * that export, promoted to C-Level that day (its row with a new job title, seniority and updated_at) and a meeting
   * with it. Returns its id.
   */
  String promoteALead() throws Exception {
    Path crm = landing(incremental).resolve("crm");
    // not in that export otherwise: not edited, closed or opted out that day
    Set<String> inNext = new java.util.HashSet<>();
    for (Path f : List.of(crm.resolve(NEXT + "/leads.csv"), crm.resolve(NEXT + "/opportunities.csv"),
        landing(incremental).resolve("consent/" + NEXT + "/consent.csv"))) {
      for (String l : Files.readAllLines(f)) {
        fields(l).forEach(inNext::add);
      }
    }
    Set<String> scored = Set.copyOf(table(incremental, "gold/lead_scores").filter(col("score_date")
        .equalTo(Date.valueOf(D))).select("lead_id").collectAsList().stream().map(r -> r.getString(0)).toList());
    List<String> first = Files.readAllLines(crm.resolve(FIRST + "/leads.csv"));
    for (String line : first.subList(1, first.size())) {
      List<String> f = fields(line);
      String id = f.get(0);
      if (f.size() == 13 && scored.contains(id) && !inNext.contains(id)
          && List.of("Intern", "Staff").contains(f.get(7))) {
        f.set(6, "\"C-Level of " + f.get(8) + "\"");
        f.set(7, "C-Level");
        f.set(12, D + "T15:00:00Z");
        Files.writeString(crm.resolve(NEXT + "/leads.csv"), String.join(",", f) + "\n", StandardCharsets.UTF_8,
            StandardOpenOption.APPEND);
        Files.writeString(crm.resolve(NEXT + "/activities.csv"), id + "-PROMO," + id + ",meeting," + D
            + "T16:00:00Z,45\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return id;
      }
    }
    throw new AssertionError("no junior open lead to promote among " + scored.size());
  }

  /** A generated CSV line's fields, quotes kept (the generator quotes only fields with a comma, never a quote). */
  static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder b = new StringBuilder();
    boolean quoted = false;
    for (char c : line.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == ',' && !quoted) {
        out.add(b.toString());
        b.setLength(0);
      } else {
        b.append(c);
      }
    }
    out.add(b.toString());
    return out;
  }

  /** A table's rows of one date, by lead, comparable columns only. */
  Map<String, String> byLead(Path conf, String table, String dateColumn, LocalDate date) {
    Dataset<Row> t = table(conf, table).filter(col(dateColumn).equalTo(Date.valueOf(date)));
    String[] kept = Arrays.stream(t.columns()).filter(c -> !c.startsWith("_") && !RUN_SPECIFIC.contains(c))
        .toArray(String[]::new);
    Map<String, String> out = new TreeMap<>();
    t.selectExpr(kept).collectAsList().forEach(r -> out.put(r.getAs("lead_id"), r.toString()));
    return out;
  }

  @Test
  void threeDailyNightsGiveTheTablesOfAFullExportAtD() {
    assertTrue(featureDates(rebuilt).size() >= 3, "D+1, D and at least one snapshot: " + featureDates(rebuilt));
    atD.forEach((table, both) -> assertSame(table, both.get(0), both.get(1)));
  }

  @Test
  void aDailyExportsUpdatedLeadAloneGetsNewFeaturesAndANewScore() {
    Map<String, String> featuresInc = byLead(incremental, "gold/features", "as_of_date", NEXT);
    Map<String, String> featuresFull = byLead(rebuilt, "gold/features", "as_of_date", NEXT);
    Map<String, String> scoresInc = byLead(incremental, "gold/lead_scores", "score_date", NEXT);
    Map<String, String> scoresFull = byLead(rebuilt, "gold/lead_scores", "score_date", NEXT);
    assertTrue(String.valueOf(nightNext.get("training_skipped")).startsWith("schedule weekly"),
        "the champion of night D scores D+1: " + nightNext.get("training_skipped"));
    assertEquals(featuresFull.keySet(), featuresInc.keySet());
    assertEquals(scoresFull.keySet(), scoresInc.keySet());
    assertTrue(scoresInc.containsKey(promoted), promoted + " is scored at D+1");
    assertNotEquals(featuresFull.get(promoted), featuresInc.get(promoted), "the promoted lead's features of D+1");
    assertNotEquals(scoresFull.get(promoted), scoresInc.get(promoted), "the promoted lead's score of D+1");
    featuresInc.remove(promoted);
    featuresFull.remove(promoted);
    scoresInc.remove(promoted);
    scoresFull.remove(promoted);
    assertTrue(scoresInc.size() > 10, "other leads scored: " + scoresInc.size());
    assertEquals(featuresFull, featuresInc, "every other lead's features of D+1");
    assertEquals(scoresFull, scoresInc, "every other lead's score of D+1");
  }

  @Test
  void theNightlyMaterialisesTheNightForTheServiceAfterScoring() throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> stages = (Map<String, Object>) nightD.get("stages");
    assertEquals(List.of("generate", "ingest", "purge", "features", "train", "score", "route", "materialise", "monitor"),
        List.copyOf(stages.keySet()));
    long open = ((Number) nightD.get("online_leads")).longValue();
    // every lead with features of D: the scored ones and those the service must refuse (opted out)
    assertTrue(open >= ((Number) nightD.get("scored")).longValue() && open > 10, "online leads " + open);
    assertEquals(open, ((Number) nightD.get("materialised")).longValue(), "the first night fills the store");
    try (JedisPooled r = new JedisPooled("127.0.0.1", redisPort)) {
      assertEquals(NEXT.toString(), r.get("inc:meta:feature_date"));
      assertEquals(((Number) nightNext.get("online_leads")).longValue(), r.scard("inc:leads"));
      String inc = r.get("inc:lead:" + promoted);
      assertNotNull(inc, promoted);
      assertTrue(inc.contains("\"" + NEXT + "\""), "the lead's features of D+1: " + inc);
      assertNotEquals(r.get("full:lead:" + promoted), inc, "the service sees the promotion");
    }
    // only what changed is written: materialising the same night again writes nothing
    StringWriter out = new StringWriter();
    int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(out))
        .execute("materialise", "--conf", incremental.toString());
    String again = out.toString();
    assertEquals(0, code, again);
    assertTrue(again.contains(" 0 written, " + nightNext.get("online_leads") + " unchanged, 0 deleted"), again);
  }

  @Test
  void aDailyExportsUpdatedLeadChangesItsSilverRow() {
    Map<String, Row> now = table(incremental, "silver/leads").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getAs("lead_id"), r -> r));
    List<String> updated = now.values().stream()
        .filter(r -> leadsAfterFirst.containsKey(r.<String>getAs("lead_id")))
        .filter(r -> !r.getAs("updated_at").equals(leadsAfterFirst.get(r.<String>getAs("lead_id")).getAs("updated_at")))
        .map(r -> r.<String>getAs("lead_id")).toList();
    assertTrue(updated.size() > 1, "the daily exports edit leads delivered before (not only the promoted one)");
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
  void theNightsMergeOfFactsReadsOnlyTheFilesOfItsDates() {
    // the last daily MERGE of events (night D+1): Delta's data skipping on ts kept it to the files of the delivery's
    // range
    Row merge = DeltaTable.forPath(SparkTestSession.get(), dir.resolve("incremental") + "/silver/events").history()
        .filter(col("operation").equalTo("MERGE")).orderBy(col("version").desc()).select("operationMetrics").first();
    Map<String, String> m = merge.getJavaMap(0);
    assertTrue(m.containsKey("numTargetFilesAdded"), m.toString());
    assertEquals("0", m.getOrDefault("numTargetFilesRemoved", "0"), "insert-only: no file rewritten " + m);
    // the first load is ordered by time and each night adds its own files: a day's range skips the rest
    Dataset<Row> events = table(incremental, "silver/events");
    int files = events.inputFiles().length;
    int lastDay = events.filter(col("ts").geq(java.sql.Timestamp.valueOf(D.atStartOfDay()))
        .and(col("ts").lt(java.sql.Timestamp.valueOf(NEXT.atStartOfDay())))).inputFiles().length;
    assertTrue(files >= 4, "a first load in time slices, plus files per night: " + files);
    assertTrue(lastDay >= 1 && lastDay <= files / 2, "files whose statistics overlap the last day: " + lastDay
        + " of " + files);
  }

  /**
   * The reps export is a full export each day: silver keeps every rep delivered (latest row wins), and the latest
   * day's team is the rows of that day's export. The Monday between the first and the last delivery changed one seat.
   */
  @Test
  void theRepsExportLandsInSilverWithTheLatestDaysTeam() {
    java.sql.Timestamp latestDay = java.sql.Timestamp.valueOf(NEXT.atStartOfDay());
    Dataset<Row> reps = table(incremental, "silver/reps");
    assertEquals(16, reps.filter(col("updated_at").equalTo(latestDay)).count(), "two reps per country on " + NEXT);
    assertEquals(17, reps.count(), "and the one whose seat changed hands on Monday");
    assertEquals(16, table(rebuilt, "silver/reps").count(), "a rebuild from one full export knows its team only");
    assertEquals(1, reps.filter(col("away_from").notEqual("")).filter(col("updated_at").equalTo(latestDay)).count(),
        "one rep away this week");
  }

  /**
   * It ingests one more delivery, so into its own copy of the incremental lakehouse (a directory copy: Delta tables
   * use relative paths), which no other test reads.
   */
  @Test
  void aLateEventLandsAndIsCounted() throws Exception {
    Path incremental = conf("late", "late:");
    SharedFixtures.copyTree(dir.resolve("incremental"), dir.resolve("late"));
    Tables tables = Tables.at(dir.resolve("late").toString());
    Path landing = dir.resolve("landing-late");
    LocalDate later = NEXT.plusDays(1);
    Path file = Files.createDirectories(landing.resolve("analytics").resolve(later.toString()))
        .resolve("events.jsonl.gz");
    String day = "{\"event_id\":\"LATE-0\",\"lead_id\":\"L0000001\",\"event_type\":\"page_view\","
        + "\"page\":\"/pricing\",\"ts\":\"" + NEXT + "T09:00:00Z\",\"session_id\":\"late-s0\","
        + "\"user_agent\":\"Mozilla/5.0\",\"duration_seconds\":30}\n";
    // delivered a month late: older than every file the bounded MERGE would touch for the night's own day
    String late = day.replace("LATE-0", "LATE-1").replace(NEXT + "T09", NEXT.minusDays(30) + "T09")
        .replace("late-s0", "late-s1");
    // and one already delivered: a duplicate of an event in silver, within the late range, is not inserted again
    Row known = table(incremental, "silver/events")
        .filter(col("ts").lt(java.sql.Timestamp.valueOf(NEXT.minusDays(20).atStartOfDay())))
        .orderBy(col("ts").desc()).first();
    String again = day.replace("LATE-0", known.getAs("event_id")).replace(NEXT + "T09:00:00Z",
        ((java.sql.Timestamp) known.getAs("ts")).toInstant().toString()).replace("L0000001", known.getAs("lead_id"));
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write((day + late + again).getBytes(StandardCharsets.UTF_8));
    }
    long before = table(incremental, "silver/events").count();
    List<Reconciliation> recs = new IngestJob(SparkTestSession.get(), tables).run(new IngestSpec(later, landing,
        SourceMapping.all(LeadscoreConfig.defaults(Map.of())).stream().filter(s -> s.name().equals("events"))
            .toList(), "test-salt"));
    assertEquals(1, recs.size(), recs.toString());
    Reconciliation r = recs.get(0);
    assertEquals(3, r.received(), r.line());
    assertEquals(3, r.accepted(), r.line());
    assertTrue(r.holds(), r.line());
    Dataset<Row> events = table(incremental, "silver/events");
    assertEquals(before + 2, events.count(), "the late event lands, the known one once");
    assertEquals(1, events.filter(col("event_id").equalTo("LATE-1")).count());
    assertEquals(1, events.filter(col("event_id").equalTo(known.<String>getAs("event_id"))).count());

    // the next features run refreshes the late event's day, a month back, in the per-lead daily aggregates: the
    // day's views are silver's, the late one included
    ok("features", later, incremental);
    Date lateDay = Date.valueOf(NEXT.minusDays(30));
    long views = events.filter(col("lead_id").equalTo("L0000001")
        .and(org.apache.spark.sql.functions.to_date(col("ts")).equalTo(lateDay))
        .and(org.apache.spark.sql.functions.coalesce(col("is_bot"), org.apache.spark.sql.functions.lit(false))
            .equalTo(false))).count();
    Row daily = table(incremental, "gold/lead_daily").filter(col("lead_id").equalTo("L0000001")
        .and(col("day").equalTo(lateDay))).first();
    assertEquals((double) views, daily.<Double>getAs("views"), 0.0, "the late event's day is rolled up again");
    assertTrue(daily.<Double>getAs("pricing") >= 1.0, daily.toString());
  }

  void startRedis() throws Exception {
    io.leadscore.core.ToolsInstall.await();
    try (ServerSocket s = new ServerSocket(0)) {
      redisPort = s.getLocalPort();
    }
    Path rdir = Files.createDirectories(dir.resolve("redis"));
    redis = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", rdir.toString()))
        .redirectErrorStream(true).redirectOutput(rdir.resolve("redis.log").toFile()).start();
    for (int i = 0; i < 500; i++) {
      try (Socket ignored = new Socket("127.0.0.1", redisPort)) {
        return;
      } catch (java.io.IOException notYet) {
        Thread.sleep(20);
      }
    }
    throw new AssertionError("redis-server did not start on port " + redisPort);
  }
}
