package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The nightly DAG, checked without Airflow (it cannot be installed here): airflow-dags/check_dag.py
 * parses it with Python's ast; this test checks ids, order, and that every class and option it passes
 * to spark-submit exists in this CLI.
 */
class AirflowDagTest {
  static final Path DAG = Path.of("..", "airflow-dags", "lead_scoring_nightly.py");
  static JsonNode dag;

  @BeforeAll
  static void parse() throws Exception {
    io.leadscore.core.ToolsInstall.await();
    Process p = new ProcessBuilder("python3", "../airflow-dags/check_dag.py", DAG.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), "check_dag.py failed: " + out);
    dag = new ObjectMapper().readTree(out);
  }

  @Test
  void dagIdAndTaskOrder() {
    assertEquals("lead_scoring_nightly", dag.get("dag_id").asText());
    List<String> edges = new ArrayList<>();
    dag.get("edges").forEach(e -> edges.add(e.get(0).asText() + ">>" + e.get(1).asText()));
    assertEquals(List.of("exports_ready>>ingest", "ingest>>purge", "purge>>features", "features>>train",
        "train>>score", "score>>route", "route>>materialise", "materialise>>monitor"), edges,
        "the nightly's stages, in its order");
  }

  @Test
  void everyStageTaskRunsAnExistingCommandWithExistingOptions() throws Exception {
    var tasks = dag.get("tasks");
    assertEquals(9, tasks.size());
    int stages = 0;
    for (var it = tasks.fields(); it.hasNext(); ) {
      var task = it.next();
      if (task.getValue().get("java_class").isNull()) {
        continue; // the sensor
      }
      stages++;
      String javaClass = task.getValue().get("java_class").asText();
      assertEquals(Main.class, Class.forName(javaClass), task.getKey());
      List<String> args = new ArrayList<>();
      task.getValue().get("application_args").forEach(a -> args.add(render(a.asText())));
      assertEquals(task.getKey(), args.get(0), "the task runs the command of its name");
      if (task.getKey().equals("materialise")) {
        // configuration only: it reads the last night, takes no date and writes no summary (a plain SparkSubmitOperator)
        assertEquals(List.of("materialise", "--conf", render(dag.get("env").get("CONF").asText())), args);
        assertEquals("SparkSubmitOperator", task.getValue().get("operator").asText());
        assertTrue(new CommandLine(new Main()).parseArgs(args.toArray(new String[0])).hasSubcommand());
        continue;
      }
      assertTrue(args.contains("--date"), "the batch date is passed");
      assertTrue(args.stream().noneMatch(String::isEmpty), "no empty argument reaches the CLI: " + args);
      // throws on an unknown subcommand or option
      CommandLine.ParseResult parsed = new CommandLine(new Main()).parseArgs(args.toArray(new String[0]));
      assertTrue(parsed.hasSubcommand(), task.getKey());
      args.set(args.size() - 1, "--allow-degraded=true");
      assertTrue(new CommandLine(new Main()).parseArgs(args.toArray(new String[0])).hasSubcommand(),
          "leadscore_allow_degraded=true passes --allow-degraded=true, which the CLI takes");
    }
    assertEquals(8, stages, "ingest, purge, features, train, score, route, materialise, monitor");
  }

  @Test
  void xgboostThreadsSleepOnTheDriverAndEveryExecutor() {
    for (String stage : List.of("ingest", "purge", "features", "train", "score", "route", "materialise", "monitor")) {
      JsonNode task = dag.get("tasks").get(stage);
      assertEquals("PASSIVE", task.get("env_vars").get("OMP_WAIT_POLICY").asText(), stage + " driver");
      assertEquals("PASSIVE", task.get("conf").get("spark.executorEnv.OMP_WAIT_POLICY").asText(), stage + " executors");
    }
  }

  @Test
  void failuresAreSeenAndSummariesReachXcom() {
    JsonNode defaults = dag.get("dag").get("default_args");
    assertEquals(4, defaults.get("sla").get("timedelta").get("hours").asInt(), "an SLA on every task");
    assertEquals("<callable notify_failure>", defaults.get("on_failure_callback").asText());
    assertTrue(dag.get("functions").toString().contains("notify_failure"));
    assertEquals("<callable sla_missed>", dag.get("dag").get("sla_miss_callback").asText());
    // each stage task is a SparkSubmitOperator whose execute() returns the summary JSON (XCom return_value)
    JsonNode op = dag.get("classes").get(dag.get("tasks").get("score").get("operator").asText());
    assertEquals("SparkSubmitOperator", op.get("bases").get(0).asText());
    assertTrue(op.get("methods").toString().contains("execute"));
    String summaryArg = dag.get("tasks").get("score").get("application_args").toString();
    assertTrue(summaryArg.contains("--summary-json"), summaryArg);
  }

  @Test
  void theSensorWaitsForTheDaysReadyMarker() {
    JsonNode sensor = dag.get("tasks").get("exports_ready");
    assertEquals("FileSensor", sensor.get("operator").asText());
    assertTrue(render(sensor.get("filepath").asText()).endsWith("/crm/2026-11-24/_SUCCESS"),
        sensor.get("filepath").asText());
    assertEquals("reschedule", sensor.get("mode").asText(), "a waiting sensor does not hold a worker slot");
  }

  @Test
  void theDefaultConfFileIsInTheRepository() {
    String conf = render(dag.get("env").get("CONF").asText());
    Path inRepo = Path.of("..", "conf", Path.of(conf).getFileName().toString());
    assertTrue(Files.isRegularFile(inRepo), "the DAG's default configuration " + conf + " is " + inRepo);
  }

  /** Renders the Jinja bits the DAG uses: {{ ds }} and Variables with their defaults. */
  static String render(String s) {
    return s.replace("{{ ds }}", "2026-11-24")
        .replaceAll("\\{\\{ var\\.value\\.get\\('[a-z_]+', '([^']*)'\\) }}", "$1");
  }

  @Test
  void theCheckerRejectsACycle(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    String cyclic = Files.readString(DAG).replace("score >> route >> materialise >> monitor",
        "score >> route >> materialise >> monitor >> ingest");
    Path file = tmp.resolve("cyclic.py");
    Files.writeString(file, cyclic);
    Process p = new ProcessBuilder("python3", "../airflow-dags/check_dag.py", file.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(1, p.waitFor());
    assertTrue(out.contains("cycle"), out);
  }
}
