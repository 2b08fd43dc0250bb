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
    assertEquals(List.of("ingest>>features", "features>>train", "train>>score"), edges);
  }

  @Test
  void everyTaskRunsAnExistingCommandWithExistingOptions() throws Exception {
    var tasks = dag.get("tasks");
    assertEquals(4, tasks.size());
    for (var it = tasks.fields(); it.hasNext(); ) {
      var task = it.next();
      String javaClass = task.getValue().get("java_class").asText();
      assertEquals(Main.class, Class.forName(javaClass), task.getKey());
      List<String> args = new ArrayList<>();
      task.getValue().get("application_args").forEach(a -> args.add(a.asText().replace("{{ ds }}", "2026-11-24")));
      assertEquals(task.getKey(), args.get(0), "the task runs the command of its name");
      assertTrue(args.contains("--date"), "the batch date is passed");
      // throws on an unknown subcommand or option
      CommandLine.ParseResult parsed = new CommandLine(new Main()).parseArgs(args.toArray(new String[0]));
      assertTrue(parsed.hasSubcommand(), task.getKey());
    }
  }

  @Test
  void theCheckerRejectsACycle(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    String cyclic = Files.readString(DAG).replace("ingest >> features >> train >> score",
        "ingest >> features >> train >> score >> ingest");
    Path file = tmp.resolve("cyclic.py");
    Files.writeString(file, cyclic);
    Process p = new ProcessBuilder("python3", "../airflow-dags/check_dag.py", file.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(1, p.waitFor());
    assertTrue(out.contains("cycle"), out);
  }
}
