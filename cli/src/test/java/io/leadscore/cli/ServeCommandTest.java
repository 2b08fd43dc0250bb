package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code leadscore serve}: configuration checked before anything listens (exit 2); the service as a process. */
class ServeCommandTest {
  @TempDir
  Path dir;

  private int serve(StringWriter err, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--conf", "../conf/local.conf"));
    args = all.toArray(new String[0]);
    return new CommandLine(new Main()).setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err, true))
        .execute(args);
  }

  @Test
  void anInvalidServingSettingExits2NamingTheKey() {
    StringWriter err = new StringWriter();
    assertEquals(2, serve(err, "serve", "--set", "leadscore.serving.store.kind=memcached"));
    assertTrue(err.toString().contains("'leadscore.serving.store.kind' is 'memcached'"), err.toString());
    err = new StringWriter();
    // another host without API keys: refused
    assertEquals(2, serve(err, "serve", "--set", "leadscore.serving.host=0.0.0.0"));
    assertTrue(err.toString().contains("api_keys.required' is false"), err.toString());
    err = new StringWriter();
    assertEquals(2, serve(err, "serve", "--set", "leadscore.serving.api_keys.required=true",
        "--set", "leadscore.serving.api_keys.env=LEADSCORE_TEST_NO_SUCH_VARIABLE"));
    assertTrue(err.toString().contains("no key digest is set"), err.toString());
    err = new StringWriter();
    assertEquals(2, serve(err, "serve", "--set", "leadscore.serving.deadline=0ms"));
    assertTrue(err.toString().contains("deadline"), err.toString());
    err = new StringWriter();
    assertEquals(2, serve(err, "serve", "--set", "leadscore.serving.registry_poll=10ms"));
    assertTrue(err.toString().contains("'leadscore.serving.registry_poll' is PT0.01S; it must be at least 100ms"),
        err.toString());
    err = new StringWriter();
    // the batch's scoring settings are the service's too, validated as the batch validates them
    assertEquals(2, serve(err, "serve", "--set", "leadscore.scoring.challenger.share=1.5"));
    assertTrue(err.toString().contains("'leadscore.scoring.challenger.share' is 1.5"), err.toString());
  }

  @Test
  void servesAsAProcessWithoutSparkDrainsOnSigtermAndItsLogReachesOnlineScores() throws Exception {
    Tables tables = Tables.at(dir.resolve("lakehouse").toString());
    var spark = SparkTestSession.get();
    spark.sql("SELECT 'L1' lead_id, DATE'2026-11-24' as_of_date, 3.0D page_views_7d")
        .write().format("delta").partitionBy("as_of_date").save(tables.path(Table.FEATURES));
    spark.sql("SELECT 'L1' lead_id, 0.4D probability, 40 score, 'B' tier, array('a reason') reasons, "
            + "'lead-score' model_name, '1' model_version, 'champion' arm, 'email' action, DATE'2026-11-24' score_date")
        .write().format("delta").partitionBy("score_date").save(tables.path(Table.LEAD_SCORES));

    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:+UnlockDiagnosticVMOptions",
        "-XX:-BytecodeVerificationRemote", "-cp", System.getProperty("java.class.path"),
        "io.leadscore.cli.Main", "serve", "--port", "0",
        "--conf", Path.of("../conf/local.conf").toAbsolutePath().toString(),
        "--set", "leadscore.storage.root=" + tables.root()));
    Path log = dir.resolve("serve.out");
    long started = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      Matcher m = null;
      long until = System.nanoTime() + 60_000_000_000L;
      while (m == null && p.isAlive() && System.nanoTime() < until) {
        Thread.sleep(50);
        Matcher found = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)").matcher(Files.readString(log));
        m = found.find() ? found : null;
      }
      assertNotNull(m, "serve did not start: " + Files.readString(log));
      double startSeconds = (System.nanoTime() - started) / 1e9;
      assertTrue(startSeconds < 30, "started in " + startSeconds + " s");
      int port = Integer.parseInt(m.group(1));
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/v1/leads/L1/score")).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().contains("\"probability\":0.4"), r.body());
      p.destroy(); // SIGTERM: drain, write the prediction log's last batch, exit
      assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
      String all = Files.readString(log);
      assertFalse(all.contains("SparkContext") || all.contains("SparkSession"), "no Spark in serve: " + all);
      try (var files = Files.list(Path.of(tables.predictionLogDir()))) {
        assertEquals(1, files.filter(f -> f.toString().endsWith(".jsonl")).count());
      }
      // the next nightly's ingest stage moves the log into online_scores, and a second run adds nothing
      assertEquals(1, io.leadscore.scoring.spark.OnlineScoresIngest.run(spark, tables));
      assertEquals(0, io.leadscore.scoring.spark.OnlineScoresIngest.run(spark, tables));
      var row = spark.read().format("delta").load(tables.path(Table.ONLINE_SCORES)).collectAsList();
      assertEquals(1, row.size());
      assertEquals("L1", row.get(0).getAs("lead_id"));
      assertEquals(0.4, (double) row.get(0).getAs("probability"));
      assertEquals("nightly", row.get(0).getAs("source"));
      assertEquals(java.sql.Date.valueOf("2026-11-24"), row.get(0).getAs("feature_date"));
    } finally {
      p.destroyForcibly();
    }
  }
}
