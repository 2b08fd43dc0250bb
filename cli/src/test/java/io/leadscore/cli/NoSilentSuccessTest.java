package io.leadscore.cli;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.SparkTestSession;
import io.leadscore.core.runs.JobSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 9 end to end through the command line: every way a run used to lose data or deliver nothing and
 * still exit 0 now exits 3 (degraded) with its problem named, or 1/2/4 as the exit-code table says.
 * Small hand-written exports of the generated CRM mapping, one lakehouse per case.
 */
class NoSilentSuccessTest {
  static final String LEADS_HEADER = "lead_id,account_id,email,phone,first_name,last_name,job_title,seniority,"
      + "department,lead_source,country,created_at,updated_at";
  static final String ACCOUNTS_HEADER = "account_id,company_name,industry,employees,founded_year,funding_rounds,"
      + "country,updated_at";

  @TempDir
  Path dir;

  record Result(int code, String out, String err, Map<String, Object> summary) {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> problems() {
      return summary == null ? List.of() : (List<Map<String, Object>>) summary.get("problems");
    }

    String problemKinds() {
      return problems().stream().map(p -> String.valueOf(p.get("kind"))).sorted().toList().toString();
    }
  }

  Result run(String... args) throws IOException {
    Path json = dir.resolve("summary-" + System.nanoTime() + ".json");
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--summary-json");
    all.add(json.toString());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute(all.toArray(new String[0]));
    Map<String, Object> summary = Files.exists(json) ? JobSummary.parse(Files.readString(json)) : null;
    return new Result(code, out.toString(), err.toString(), summary);
  }

  /** A configuration with these sources (and extra HOCON), the lakehouse and landing folder under {@code dir}. */
  Path conf(String sources, String extra) throws IOException {
    Path conf = dir.resolve("test.conf");
    Files.writeString(conf, String.join("\n",
        "leadscore.storage.root = \"" + dir.resolve("lakehouse") + "\"",
        "leadscore.landing.dir = \"" + dir.resolve("landing") + "\"",
        "leadscore.landing.generate_if_empty = false",
        "leadscore.ingest.sources = [" + sources + "]",
        extra));
    return conf;
  }

  Path landing(String group, String date, String file, byte[] content) throws IOException {
    Path p = dir.resolve("landing").resolve(group).resolve(date).resolve(file);
    Files.createDirectories(p.getParent());
    return Files.write(p, content);
  }

  static String lead(String id, String country, String updatedAt) {
    return String.join(",", id, "A1", id.toLowerCase() + "@x.example", "+1-555", "First", "Last", "Engineer",
        "staff", "it", "web", country, "2026-10-01T10:00:00Z", updatedAt);
  }

  static byte[] csv(String header, List<String> rows) {
    return (header + "\n" + String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  static List<String> leads(int n) {
    List<String> rows = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      rows.add(lead(String.format("L%06d", i), "DE", "2026-11-01T10:00:00Z"));
    }
    return rows;
  }

  Dataset<Row> table(String path) {
    return SparkTestSession.get().read().format("delta").load(dir.resolve("lakehouse").resolve(path).toString());
  }

  long num(Result r, String key) {
    return ((Number) r.summary().get(key)).longValue();
  }

  @Test
  void aUtf16FileWithoutByteOrderMarkFailsNamedAndTheRunIsDegraded() throws Exception {
    Path conf = conf("leads", "");
    byte[] utf16 = new String(csv(LEADS_HEADER, leads(20)), StandardCharsets.UTF_8)
        .getBytes(StandardCharsets.UTF_16LE);
    landing("crm", "2026-11-24", "leads.csv", utf16);
    Result r = run("ingest", "--date", "2026-11-24", "--conf", conf.toString());
    assertEquals(3, r.code(), r.out() + r.err());
    assertEquals("degraded", r.summary().get("status"));
    assertEquals("[file_failed]", r.problemKinds(), r.out());
    String problem = (String) r.problems().get(0).get("message");
    assertTrue(problem.contains("UTF-16LE"), "names the encoding it looks like: " + problem);
    assertEquals("crm/2026-11-24/leads.csv", r.problems().get(0).get("subject"));
    assertEquals("ingest", r.problems().get(0).get("stage"));
    assertTrue(r.out().lastIndexOf("[file_failed]") > r.out().indexOf("status:"), "problems are printed last");

    Result allowed = run("ingest", "--date", "2026-11-24", "--conf", conf.toString(), "--allow-degraded");
    assertEquals(0, allowed.code(), "--allow-degraded turns 3 into 0");
    assertEquals("degraded", allowed.summary().get("status"), "but the run is still reported degraded");
  }

  @Test
  void aHeaderOnlyRequiredExportIsDegradedNamingTheFile() throws Exception {
    Path conf = conf("leads", "");
    landing("crm", "2026-11-26", "leads.csv", (LEADS_HEADER + "\n").getBytes(StandardCharsets.UTF_8));
    Result r = run("ingest", "--date", "2026-11-26", "--conf", conf.toString());
    assertEquals(3, r.code(), r.out() + r.err());
    assertEquals("degraded", r.summary().get("status"));
    assertEquals("[export_missing]", r.problemKinds(), r.out());
    assertEquals("crm/2026-11-26/leads.csv", r.problems().get(0).get("subject"));
    String problem = (String) r.problems().get(0).get("message");
    assertTrue(problem.contains("holds no records") && problem.contains("a header line without rows"), problem);
  }

  @Test
  void aUtf16FileWithItsByteOrderMarkLoads() throws Exception {
    Path conf = conf("leads", "");
    byte[] body = new String(csv(LEADS_HEADER, leads(20)), StandardCharsets.UTF_8)
        .getBytes(StandardCharsets.UTF_16LE);
    byte[] withBom = new byte[body.length + 2];
    withBom[0] = (byte) 0xFF;
    withBom[1] = (byte) 0xFE;
    System.arraycopy(body, 0, withBom, 2, body.length);
    landing("crm", "2026-11-24", "leads.csv", withBom);
    Result r = run("ingest", "--date", "2026-11-24", "--conf", conf.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertEquals(20, num(r, "accepted"), r.out());
    assertEquals("DE", table("silver/leads").filter(col("lead_id").equalTo("L000020")).first().getAs("country"));
  }

  @Test
  void aWrongDelimiterFailsTheFileWithItsProblemNamed() throws Exception {
    Path conf = conf("leads", "");
    landing("crm", "2026-11-24", "leads.csv", csv(LEADS_HEADER.replace(',', ';'),
        leads(5).stream().map(l -> l.replace(',', ';')).toList()));
    Result r = run("ingest", "--date", "2026-11-24", "--conf", conf.toString());
    assertEquals(3, r.code(), r.out() + r.err());
    assertEquals("[file_failed]", r.problemKinds());
    String problem = (String) r.problems().get(0).get("message");
    assertTrue(problem.contains("lacks required column") && problem.contains("lead_id"), problem);
  }

  @Test
  void aMissingRequiredExportAndAFileNoSourceReadsAreProblems() throws Exception {
    Path conf = conf("leads, accounts", "");
    landing("crm", "2026-11-24", "leads.csv", csv(LEADS_HEADER, leads(5)));
    landing("crm", "2026-11-24", "leads_part2.csv", csv(LEADS_HEADER, leads(3)));
    Result r = run("ingest", "--date", "2026-11-24", "--conf", conf.toString());
    assertEquals(3, r.code(), r.out() + r.err());
    assertEquals("[export_missing, file_unrecognised]", r.problemKinds(), r.out());
    assertTrue(r.out().contains("accounts.csv") && r.out().contains("leads_part2.csv"), r.out());

    // a glob reads both parts, each reconciled on its own
    Path glob = conf("leads", "leadscore.sources.leads.file = \"leads*.csv\"");
    Result both = run("ingest", "--date", "2026-11-24", "--conf", glob.toString());
    assertEquals(0, both.code(), both.out() + both.err());
    assertTrue(both.out().contains("leads_part2.csv: received 3"), both.out());
  }

  /** 10,000 data lines; the record on line 10 of the file opens a quote it never closes. */
  byte[] unclosedQuoteOnLine10() {
    List<String> rows = leads(10_000);
    rows.set(8, rows.get(8).replace("Engineer", "\"Engineer"));
    return csv(LEADS_HEADER, rows);
  }

  @Test
  void anUnclosedQuoteCostsOneRecordNeverTheRestOfTheFile() throws Exception {
    Path conf = conf("leads", "");
    landing("crm", "2026-11-24", "leads.csv", unclosedQuoteOnLine10());
    Result r = run("ingest", "--date", "2026-11-24", "--conf", conf.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertEquals(10_000, num(r, "received"), r.out());
    assertEquals(9_999, num(r, "accepted"));
    assertEquals(1, num(r, "quarantined"));
    Row q = table("silver/quarantine").first();
    assertEquals("parse", q.getAs("rule"));
    assertEquals(9L, (long) q.getAs("row_number"));
    Row bronze = table("bronze/bronze_leads").filter(col("_row_number").equalTo(9)).first();
    assertEquals(rowText(unclosedQuoteOnLine10(), 10), bronze.getAs("_raw_record"),
        "bronze keeps the whole raw record of the quarantined row");
  }

  @Test
  void withMultilineOnAnUnclosedQuoteFailsTheFileNamingItsLine() throws Exception {
    Path conf = conf("leads", "leadscore.sources.leads.multiline = true");
    landing("crm", "2026-11-24", "leads.csv", unclosedQuoteOnLine10());
    Result r = run("ingest", "--date", "2026-11-24", "--conf", conf.toString());
    assertEquals(3, r.code(), r.out() + r.err());
    assertNotEquals(10L, num(r, "received"), "never 10 received");
    assertEquals("[file_failed]", r.problemKinds());
    String problem = (String) r.problems().get(0).get("message");
    assertTrue(problem.contains("lines 10-") && problem.contains("max_record_lines"), problem);
  }

  private static String rowText(byte[] file, int line) {
    return new String(file, StandardCharsets.UTF_8).split("\n")[line - 1];
  }

  @Test
  void aCorrectedReDeliveryIsIngestedAndBronzeKeepsBoth() throws Exception {
    Path conf = conf("leads", "");
    landing("crm", "2026-11-24", "leads.csv", csv(LEADS_HEADER, leads(5)));
    assertEquals(0, run("ingest", "--date", "2026-11-24", "--conf", conf.toString()).code());
    List<String> corrected = leads(5);
    corrected.set(2, lead("L000003", "FR", "2026-11-01T10:00:00Z"));
    landing("crm", "2026-11-24", "leads.csv", csv(LEADS_HEADER, corrected));
    Result r = run("ingest", "--date", "2026-11-24", "--conf", conf.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("corrected re-delivery"), r.out());
    assertEquals(5, num(r, "received"));
    assertEquals("FR", table("silver/leads").filter(col("lead_id").equalTo("L000003")).first().getAs("country"));
    assertEquals(2, table("bronze/bronze_leads").select("_source_file").distinct().count(), "bronze keeps both");
    Result again = run("ingest", "--date", "2026-11-24", "--conf", conf.toString());
    assertTrue(again.out().contains("already ingested"), again.out());
    assertEquals(10, table("bronze/bronze_leads").count());
  }

  @Test
  void aFutureDatedRowIsQuarantinedAndLaterUpdatesOfItsLeadLand() throws Exception {
    Path conf = conf("leads, accounts", "");
    List<String> day1 = leads(3);
    day1.set(0, lead("L000001", "XX", "9999-12-31T00:00:00Z"));
    landing("crm", "2026-11-24", "leads.csv", csv(LEADS_HEADER, day1));
    landing("crm", "2026-11-24", "accounts.csv", csv(ACCOUNTS_HEADER, List.of(
        "A1,Acme,software,50,2001,1,DE,2026-11-01T10:00:00Z",
        "A2,Future Inc,software,50,9999,1,DE,2026-11-01T10:00:00Z",
        "A3,Minus Ltd,software,-5,2001,1,DE,2026-11-01T10:00:00Z")));
    Result r = run("ingest", "--date", "2026-11-24", "--conf", conf.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    Map<String, String> rules = new java.util.TreeMap<>();
    for (Row q : table("silver/quarantine").collectAsList()) {
      rules.put(q.getAs("source") + ":" + q.getAs("field"), q.getAs("rule"));
    }
    assertEquals(Map.of("leads:updated_at", "future", "accounts:founded_year", "future",
        "accounts:employees", "min"), rules);

    landing("crm", "2026-11-25", "leads.csv", csv(LEADS_HEADER,
        List.of(lead("L000001", "PL", "2026-11-25T09:00:00Z"))));
    landing("crm", "2026-11-25", "accounts.csv", csv(ACCOUNTS_HEADER, List.of(
        "A1,Acme,software,51,2001,1,DE,2026-11-25T10:00:00Z")));
    assertEquals(0, run("ingest", "--date", "2026-11-25", "--conf", conf.toString()).code());
    assertEquals("PL", table("silver/leads").filter(col("lead_id").equalTo("L000001")).first().getAs("country"),
        "the later update lands");
  }

  @Test
  void aBadSetValueExitsTwoFastNamingTheKeyAndWhereItCameFrom() throws Exception {
    Path conf = conf("leads", "");
    Instant t0 = Instant.now();
    Result r = run("nightly", "--date", "2026-11-24", "--conf", conf.toString(),
        "--set", "leadscore.training.folds=abc");
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(Duration.between(t0, Instant.now()).toSeconds() < 30, "found before any stage");
    assertTrue(r.err().contains("'leadscore.training.folds'") && r.err().contains("--set"), r.err());
    assertFalse(Files.exists(dir.resolve("lakehouse")), "no stage ran");

    Result range = run("nightly", "--date", "2026-11-24", "--conf", conf.toString(),
        "--set", "leadscore.training.folds=1");
    assertEquals(2, range.code(), range.err());
    assertTrue(range.err().contains("leadscore.training.folds") && range.err().contains("from --set"), range.err());
    assertFalse(Files.exists(dir.resolve("lakehouse")), "the range is checked before ingest runs, too");

    Result typo = run("ingest", "--conf", conf.toString(), "--set", "leadscore.trainig.folds=3");
    assertEquals(2, typo.code());
    assertTrue(typo.err().contains("leadscore.trainig.folds (set by --set)"), typo.err());
  }

  @Test
  void aRunHeldByALiveProcessExitsFourNamingItsPidAndAStaleLockIsTakenOver() throws Exception {
    Path conf = conf("leads", "");
    landing("crm", "2026-11-24", "leads.csv", csv(LEADS_HEADER, leads(3)));
    Process holder = new ProcessBuilder("sleep", "300").start();
    try {
      Path lock = dir.resolve("lakehouse/ops/leadscore.lock");
      Files.createDirectories(lock.getParent());
      Files.writeString(lock, "{\"host\":\"" + InetAddress.getLocalHost().getHostName() + "\",\"pid\":"
          + holder.pid() + ",\"command\":\"nightly\",\"batch_date\":\"2026-11-24\",\"started_at\":\""
          + Instant.now() + "\"}");
      Result r = run("ingest", "--date", "2026-11-24", "--conf", conf.toString());
      assertEquals(4, r.code(), r.out() + r.err());
      assertTrue(r.err().contains("pid " + holder.pid()) && r.err().contains("nightly"), r.err());
      assertFalse(Files.exists(dir.resolve("lakehouse/silver")), "nothing ran");
    } finally {
      holder.destroy();
      holder.waitFor();
    }
    Result after = run("ingest", "--date", "2026-11-24", "--conf", conf.toString());
    assertEquals(0, after.code(), after.out() + after.err());
    assertTrue(after.err().contains("taking over a stale lakehouse lock"), after.err());
    assertFalse(Files.exists(dir.resolve("lakehouse/ops/leadscore.lock")), "the lock is released at the end");
  }

  @Test
  void anUnwritableLakehousePrintsOneClearLineAndTheTraceGoesToALogFile() throws Exception {
    Path conf = conf("leads", "");
    landing("crm", "2026-11-24", "leads.csv", csv(LEADS_HEADER, leads(3)));
    // the tests run as root, which ignores permissions: a file where a folder must go cannot be written by anyone
    Files.createDirectories(dir.resolve("lakehouse"));
    Files.writeString(dir.resolve("lakehouse/silver"), "not a folder");
    Files.writeString(dir.resolve("lakehouse/bronze"), "not a folder");
    Files.createDirectories(dir.resolve("lakehouse/ops"));
    Files.writeString(dir.resolve("lakehouse/ops/job_runs"), "not a folder either");
    Result r = run("ingest", "--date", "2026-11-24", "--conf", conf.toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("could not append this run to job_runs"), "caught, not thrown: " + r.err());
    long lines = r.err().lines().count();
    assertTrue(lines < 10, "at most a few lines on stderr, got " + lines + ":\n" + r.err());
    assertTrue(r.err().contains("stage 'ingest' failed for batch date 2026-11-24"), r.err());
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("full trace: (\\S+)\\)").matcher(r.err());
    assertTrue(m.find(), r.err());
    assertTrue(Files.readString(Path.of(m.group(1))).contains("\tat "), "the log file has the full trace");

    // the whole root unwritable: the lock cannot be taken, one line again
    Path blocked = dir.resolve("blocked");
    Files.writeString(blocked, "a file");
    Result locked = run("ingest", "--date", "2026-11-24", "--conf", conf.toString(),
        "--set", "leadscore.storage.root=" + blocked.resolve("lakehouse"));
    assertEquals(1, locked.code(), locked.err());
    assertTrue(locked.err().lines().count() < 10, locked.err());
    assertTrue(locked.err().contains("cannot take the lakehouse lock"), locked.err());
  }

  @Test
  void theExitCodeTableIsInTheHelpOfEveryCommand() {
    for (String command : List.of("nightly", "ingest", "score")) {
      StringWriter out = new StringWriter();
      new CommandLine(new Main()).setOut(new PrintWriter(out)).execute(command, "--help");
      String help = out.toString();
      assertTrue(help.contains("Exit codes:") && help.contains("--allow-degraded") && help.contains("--quiet"), help);
      for (String code : List.of("0", "1", "2", "3", "4")) {
        assertTrue(help.matches("(?s).*\\n\\s+" + code + "\\s+\\S.*"), command + " --help lacks exit code " + code
            + ": " + help);
      }
    }
  }
}
