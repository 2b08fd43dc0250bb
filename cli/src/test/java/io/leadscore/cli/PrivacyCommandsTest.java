package io.leadscore.cli;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.leadscore.core.SparkTestSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code leadscore erase} and {@code purge} through the command line, and the start-up salt check. */
class PrivacyCommandsTest {
  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  static Path conf(Path dir, String... lines) throws Exception {
    return Files.writeString(dir.resolve("test.conf"), String.join("\n", List.of(
        "leadscore.storage.root = \"" + dir.resolve("lakehouse") + "\"",
        "leadscore.landing.dir = \"" + dir.resolve("landing") + "\"",
        "leadscore.writeback.outbox_dir = \"" + dir.resolve("outbox") + "\"",
        "leadscore.generator.leads = 200")) + "\n" + String.join("\n", lines));
  }

  @Test
  void anS3RootWithoutASaltExits2BeforeAnyStage(@TempDir Path dir) throws Exception {
    assumeTrue(System.getenv("LEADSCORE_PII_SALT") == null, "the test JVM must not have the salt");
    Path c = conf(dir, "leadscore.storage.root = \"s3a://acme-lakehouse/leadscore\"");
    for (String command : List.of("nightly", "ingest", "purge")) {
      Result r = run(command, "--date", "2026-11-24", "--conf", c.toString());
      assertEquals(2, r.code(), command + ": " + r.out() + r.err());
      assertTrue(r.err().contains("configuration error: LEADSCORE_PII_SALT is not set, and 'leadscore.storage.root' "
          + "is s3a://acme-lakehouse/leadscore (not a local path)"), r.err());
      assertFalse(r.out().contains("== "), "no stage ran: " + r.out());
    }
    Result prod = run("ingest", "--conf", conf(dir, "leadscore.environment = production").toString());
    assertEquals(2, prod.code(), prod.err());
    assertTrue(prod.err().contains("'leadscore.environment' is production"), prod.err());
    Result example = run("ingest", "--conf", Path.of("../conf/production.example.conf").toString());
    assertEquals(2, example.code(), "the production example conf needs the salt too: " + example.err());
  }

  @Test
  void eraseUsageErrorsExit2(@TempDir Path dir) throws Exception {
    Path c = conf(dir);
    assertEquals(2, run("erase", "--conf", c.toString()).code(), "--lead-id or --ids-file is required");
    assertEquals(2, run("erase", "--conf", c.toString(), "--lead-id", "L1", "--ids-file", "x").code());
    Result missing = run("erase", "--conf", c.toString(), "--ids-file", dir.resolve("nope.txt").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("Cannot read the ids file"), missing.err());
  }

  @Test
  void eraseThroughTheCommandLineClearsTheCrmAndScrubsTheOutbox(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path c = conf(dir);
    Result ingest = run("generate", "--date", "2026-11-24", "--conf", c.toString());
    assertEquals(0, ingest.code(), ingest.err());
    ingest = run("ingest", "--date", "2026-11-24", "--conf", c.toString());
    assertEquals(0, ingest.code(), ingest.out() + ingest.err());
    String lake = dir.resolve("lakehouse").toString();
    List<String> ids = spark.read().format("delta").load(lake + "/silver/leads").select("lead_id").orderBy("lead_id")
        .limit(3).collectAsList().stream().map(r -> r.getString(0)).toList();
    String erased = ids.get(0);
    String email = spark.read().format("delta").load(lake + "/bronze/bronze_leads")
        .filter(col("lead_id").equalTo(erased)).first().getAs("email");
    // the lead's score was delivered: a crm_sync row and an earlier import file hold it
    spark.sql("SELECT '" + erased + "' AS lead_id, 80 AS score, 'A' AS tier, array('Visited pricing') AS reasons, "
        + "'1' AS model_version, date'2026-11-23' AS score_date, CAST(NULL AS STRING) AS cleared_reason, 'k-0' AS "
        + "batch_key, 'run-0' AS run_id, current_timestamp() AS delivered_at, '' AS action").write().format("delta")
        .save(lake + "/gold/crm_sync");
    Files.createDirectories(dir.resolve("outbox"));
    Path old = Files.writeString(dir.resolve("outbox/crm_import_2026-11-23_abc.csv"),
        "lead_id,lead_score,lead_tier,score_reason_1,score_reason_2,score_reason_3,model_version\n"
            + "\"" + erased + "\",80,A,\"Visited pricing\",,,\"1\"\n\"" + ids.get(1) + "\",40,C,,,,\"1\"\n");
    Path idsFile = Files.writeString(dir.resolve("ids.txt"), erased + "\n");
    Path json = dir.resolve("erase.json");

    Result r = run("erase", "--date", "2026-11-24", "--conf", c.toString(), "--ids-file", idsFile.toString(),
        "--reason", "request 42", "--summary-json", json.toString());

    assertEquals(0, r.code(), r.out() + r.err());
    assertEquals(0, spark.read().format("delta").load(lake + "/silver/leads").filter(col("lead_id").equalTo(erased))
        .count());
    assertFalse(Files.readString(old).contains(erased), "the earlier import file no longer holds the lead");
    assertTrue(Files.readString(old).contains(ids.get(1)));
    List<Path> clears;
    try (var files = Files.list(dir.resolve("outbox"))) {
      clears = files.filter(f -> !f.equals(old)).toList();
    }
    assertEquals(1, clears.size(), clears.toString());
    assertTrue(Files.readString(clears.get(0)).contains("\"" + erased + "\",,,,,,,2026-11-24,\"erased\","),
        Files.readString(clears.get(0)));
    var summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
    assertEquals(1, summary.path("erased_leads").asInt(-1), summary.toPrettyString());
    assertEquals(1, summary.path("crm_cleared").asInt(-1), summary.toPrettyString());
    String jobRuns = spark.read().format("delta").load(lake + "/ops/job_runs").filter(col("command").equalTo("erase"))
        .first().getAs("summary_json");
    assertFalse(jobRuns.contains(erased) || jobRuns.contains(email), "no lead id or email in job_runs: " + jobRuns);
    assertEquals(Set.of(), Set.copyOf(spark.read().format("delta").load(lake + "/ops/erasures")
        .filter(col("reason").notEqual("request 42")).collectAsList()));

    // a lead whose score was sent but never confirmed (a timeout after the CRM wrote it): in crm_pending only; its
    // id also reached a run's summary and a report (a CRM error message, say)
    String pendingLead = ids.get(2);
    spark.sql("SELECT 0 AS seq, 'k-pending' AS batch_key, 0 AS pos, '" + pendingLead + "' AS lead_id, 70 AS score, "
        + "'B' AS tier, array('Opened 3 emails') AS reasons, '1' AS model_version, date'2026-11-23' AS score_date, "
        + "CAST(NULL AS STRING) AS cleared_reason, '' AS action, 'run-0' AS run_id, current_timestamp() AS written_at")
        .write().format("delta").mode("overwrite").option("overwriteSchema", "true").save(lake + "/gold/crm_pending");
    io.leadscore.core.runs.spark.JobRunLog.append(spark, io.leadscore.core.Tables.at(lake), "score",
        java.time.LocalDate.parse("2026-11-23"), java.time.Instant.now(), "degraded",
        "CRM refused lead " + pendingLead, new io.leadscore.core.runs.JobSummary().put("crm_errors",
            List.of("batch k-pending (1 leads): 409 {\"lead\":\"" + pendingLead + "\",\"error\":\"locked\"}")));
    Path report = Files.createDirectories(dir.resolve("lakehouse/reports")).resolve("2026-11-23.html");
    Files.writeString(report, "<li class=\"bad\">CRM refused lead " + pendingLead + "</li>");

    Result second = run("erase", "--date", "2026-11-24", "--conf", c.toString(), "--lead-id", pendingLead);

    assertEquals(0, second.code(), second.out() + second.err());
    String outbox = String.join("\n", Files.list(dir.resolve("outbox")).map(f -> {
      try {
        return Files.readString(f);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).toList());
    assertTrue(outbox.contains("\"" + pendingLead + "\",,,,,,,2026-11-24,\"erased\","),
        "the pending lead is cleared through the ledger: " + outbox);
    assertFalse(outbox.contains("\"" + pendingLead + "\",70"), "its re-sent score line is scrubbed: " + outbox);
    assertEquals(0, spark.read().format("delta").load(lake + "/gold/crm_pending")
        .filter(col("lead_id").equalTo(pendingLead)).count());
    assertEquals(0, spark.read().format("delta").load(lake + "/gold/crm_sync")
        .filter(col("lead_id").equalTo(pendingLead)).count(), "the clear's ledger row goes with the lead");
    assertTrue(Files.readString(report).contains("CRM refused lead [erased]"), Files.readString(report));
    assertEquals(0, spark.read().format("delta").load(lake + "/ops/job_runs")
        .filter(col("summary_json").contains(pendingLead).or(col("message").contains(pendingLead))).count());
    assertEquals(List.of(), filesContaining(dir.resolve("lakehouse"), pendingLead),
        "no version of any table, no Delta log, report or run record holds the id");

    Result purge = run("purge", "--date", "2026-11-24", "--conf", c.toString());
    assertEquals(0, purge.code(), purge.out() + purge.err());
    assertTrue(purge.out().contains("purged_leads:"), purge.out());
  }

  /** Files under the folder whose bytes hold the text (data files, Delta logs, reports, run records). */
  static List<Path> filesContaining(Path root, String text) throws java.io.IOException {
    byte[] needle = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (var files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).filter(f -> {
        try {
          byte[] hay = Files.readAllBytes(f);
          outer:
          for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
              if (hay[i + j] != needle[j]) {
                continue outer;
              }
            }
            return true;
          }
          return false;
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
  }
}
