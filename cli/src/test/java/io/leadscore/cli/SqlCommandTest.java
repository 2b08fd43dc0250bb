package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.delta.tables.DeltaTable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code leadscore sql} and {@code leadscore tables} through the command line, on small Delta tables written
 * where {@link Tables} puts them: lead_scores has two versions (3 rows, then 5), leads one, crm_sync none.
 */
class SqlCommandTest {
  @TempDir
  static Path dir;
  static String root;
  static Tables tables;
  static SparkSession spark;

  @BeforeAll
  static void lakehouse() throws Exception {
    spark = SparkTestSession.get();
    root = dir.resolve("lake").toString();
    tables = Tables.at(root);
    spark.sql("select * from values ('L1', 0.91d, 91, 'A', array('Visited the pricing page 5 times', 'Senior'), "
            + "date'2026-11-10'), ('L2', 0.40d, 40, 'B', array('Opened 2 emails'), date'2026-11-10'), "
            + "('L3', 0.05d, 5, 'D', array(), date'2026-11-10') "
            + "as t(lead_id, probability, score, tier, reasons, score_date)")
        .write().format("delta").save(tables.path(Table.LEAD_SCORES));
    spark.sql("select * from values ('L1', 0.81d, 81, 'A', array('Said \"yes\", twice'), date'2026-11-24'), "
            + "('L2', 0.30d, 30, 'C', array(), date'2026-11-24'), ('L4', 0.85d, 85, 'A', array(), date'2026-11-24'), "
            + "('L5', 0.60d, 60, 'B', array(), date'2026-11-24'), ('L6', 0.10d, 10, 'D', array(), date'2026-11-24') "
            + "as t(lead_id, probability, score, tier, reasons, score_date)")
        .write().format("delta").mode("overwrite").save(tables.path(Table.LEAD_SCORES));
    spark.sql("select * from values ('L1', 'Acme'), ('L2', 'Globex') as t(lead_id, company)")
        .write().format("delta").save(tables.path(Table.LEADS));
    // outside the lakehouse, two versions: what a path statement (RESTORE, CLONE, OPTIMIZE, ...) would change
    victim = dir.resolve("victim").toString();
    spark.range(3).write().format("delta").save(victim);
    spark.range(5).write().format("delta").mode("overwrite").save(victim);
  }

  static String victim;

  record Result(int code, String out, String err) {}

  static Result sql(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--conf", "../conf/local.conf", "--set", "leadscore.storage.root=" + root));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new Main()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    int code = cl.execute(all.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }

  long version() {
    return version(tables.path(Table.LEAD_SCORES));
  }

  static long version(String path) {
    return DeltaTable.forPath(spark, path).history(1).select("version").head().getLong(0);
  }

  @Test
  void tierCountsPrintAsATable() {
    Result r = sql("sql", "select tier, count(*) as leads from lead_scores group by tier order by tier");
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of("tier  leads", "----  -----", "A     2", "B     1", "C     1", "D     1", "(4 rows)"),
        r.out().lines().toList());
  }

  @Test
  void csvGoesToTheOutFileWithQuotingAndArraysAsJson() throws Exception {
    Path csv = dir.resolve("out/scores.csv");
    Result r = sql("sql", "select lead_id, score, reasons from lead_scores where tier = 'A' order by lead_id",
        "--format", "csv", "--out", csv.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("leadscore sql: 2 rows written to " + csv, r.out().strip());
    assertEquals(List.of("lead_id,score,reasons", "L1,81,\"[\"\"Said \\\"\"yes\\\"\", twice\"\"]\"", "L4,85,[]"),
        Files.readAllLines(csv));
  }

  @Test
  void jsonIsOneArrayOfRowsAndSeveralQueriesAnArrayOfResults() throws Exception {
    ObjectMapper m = new ObjectMapper();
    Result one = sql("sql", "select lead_id, probability, score_date from lead_scores where lead_id = 'L4'", "--format", "json");
    assertEquals(0, one.code(), one.err());
    JsonNode rows = m.readTree(one.out());
    assertEquals(1, rows.size());
    assertEquals("L4", rows.get(0).get("lead_id").asText());
    assertEquals(0.85, rows.get(0).get("probability").asDouble(), 1e-12);
    assertEquals("2026-11-24", rows.get(0).get("score_date").asText());

    Result two = sql("sql", "select count(*) n from lead_scores", "select company from leads order by company",
        "--format", "json");
    assertEquals(0, two.code(), two.err());
    JsonNode results = m.readTree(two.out());
    assertEquals(5, results.get(0).get(0).get("n").asInt());
    assertEquals("Globex", results.get(1).get(1).get("company").asText());
  }

  @Test
  void writesAreRefusedWithExit2AndTheTableIsUnchanged() {
    long before = version();
    for (String stmt : List.of(
        "INSERT INTO lead_scores SELECT * FROM lead_scores",
        "DELETE FROM lead_scores WHERE tier = 'D'",
        "UPDATE lead_scores SET score = 0",
        "MERGE INTO lead_scores t USING leads s ON t.lead_id = s.lead_id WHEN MATCHED THEN DELETE",
        "WITH x AS (SELECT * FROM lead_scores) INSERT INTO lead_scores SELECT * FROM x",
        "CREATE TABLE copy USING delta AS SELECT * FROM lead_scores",
        "INSERT OVERWRITE DIRECTORY '" + dir.resolve("dump") + "' USING csv SELECT * FROM lead_scores",
        "DROP TABLE lead_scores",
        "CACHE TABLE c AS SELECT * FROM lead_scores",
        "SET spark.sql.shuffle.partitions=1",
        "select reflect('java.lang.System', 'exit', 0)")) {
      Result r = sql("sql", stmt);
      assertEquals(2, r.code(), stmt + "\n" + r.out() + r.err());
      assertTrue(r.err().startsWith("leadscore sql: Refused: "), stmt + " -> " + r.err());
    }
    Result delete = sql("sql", "delete from lead_scores");
    assertTrue(delete.err().contains("the statement is a DELETE"), delete.err());
    Result insert = sql("sql", "insert into lead_scores select * from lead_scores");
    assertTrue(insert.err().contains("the statement is a INSERT") && insert.err().contains("read-only queries"), insert.err());
    assertEquals(before, version(), "no refused statement wrote a version");
    assertFalse(Files.exists(dir.resolve("dump")));

    Result quoted = sql("sql", "select 'INSERT INTO lead_scores' as text");
    assertEquals(0, quoted.code(), "a query that mentions INSERT is still a query: " + quoted.err());
  }

  @Test
  void timeTravelByVersionAndAsOf() {
    Result v0 = sql("sql", "select count(*) n from lead_scores@v0", "--format", "csv");
    assertEquals(0, v0.code(), v0.err());
    assertEquals("n\n3\n", v0.out());
    Result both = sql("sql", "select (select count(*) from lead_scores@v0) old, (select count(*) from lead_scores) now",
        "--format", "csv");
    assertEquals("old,now\n3,5\n", both.out(), both.err());
    Result asOf = sql("sql", "select count(*) n from lead_scores", "--as-of", "0", "--format", "csv");
    assertEquals("n\n3\n", asOf.out(), asOf.err());
    Result future = sql("sql", "select count(*) n from lead_scores", "--as-of", "2999-01-01", "--format", "csv");
    assertEquals(1, future.code(), future.out());
    assertTrue(future.err().startsWith("leadscore sql: Cannot read lead_scores as of 2999-01-01: "), future.err());
    Result bad = sql("sql", "select 1 from lead_scores", "--as-of", "yesterday");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--as-of 'yesterday' is neither a Delta version"), bad.err());
    Result missingVersion = sql("sql", "select * from lead_scores@v7");
    assertEquals(1, missingVersion.code());
    assertTrue(missingVersion.err().startsWith("leadscore sql: Cannot read lead_scores@v7: "), missingVersion.err());
  }

  @Test
  void aMissingTableNamesTheCommandThatCreatesItAndAnUnknownOneListsTheCatalog() {
    Result missing = sql("sql", "select * from crm_sync");
    assertEquals(1, missing.code());
    assertEquals("leadscore sql: Table 'crm_sync' does not exist yet (no Delta table at " + tables.path(Table.CRM_SYNC)
        + "): it is created by `leadscore score`; `leadscore tables` lists what exists", missing.err().strip());
    Result unknown = sql("sql", "select * from lead_score");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("lead_score") && unknown.err().contains("The lakehouse tables are: bronze_leads"),
        unknown.err());
    Result typo = sql("sql", "selec 1");
    assertEquals(2, typo.code());
    assertTrue(typo.err().startsWith("leadscore sql: Cannot parse the statement: "), typo.err());
  }

  @Test
  void tablesListsVersionRowsAndColumnsAndWhatIsMissing() throws Exception {
    Result r = sql("tables", "--format", "json");
    assertEquals(0, r.code(), r.err());
    JsonNode rows = new ObjectMapper().readTree(r.out());
    assertEquals(Table.values().length, rows.size());
    JsonNode scores = null;
    JsonNode sync = null;
    java.util.Map<String, String> hints = new java.util.HashMap<>();
    for (JsonNode t : rows) {
      scores = t.get("table").asText().equals("lead_scores") ? t : scores;
      sync = t.get("table").asText().equals("crm_sync") ? t : sync;
      hints.put(t.get("table").asText(), t.get("columns").asText());
    }
    // each missing table names the command that writes it (performance was once sent to `leadscore features`)
    assertEquals("not created yet: run `leadscore monitor`", hints.get("performance"));
    assertEquals("not created yet: run `leadscore erase or leadscore purge`", hints.get("erasures"));
    assertEquals(1, scores.get("version").asLong());
    assertEquals(5, scores.get("rows").asLong());
    assertEquals(tables.path(Table.LEAD_SCORES), scores.get("path").asText());
    assertEquals("lead_id string, probability double, score int, tier string, reasons array<string>, score_date date",
        scores.get("columns").asText());
    assertTrue(sync.get("version").isNull());
    assertEquals("not created yet: run `leadscore score`", sync.get("columns").asText());
  }

  /** A refusal: exit 2, a reason, and nothing printed on stdout (no row, no command output). */
  static void assertRefused(Result r, String stmt) {
    assertEquals(2, r.code(), stmt + "\n" + r.out() + r.err());
    assertEquals("", r.out(), stmt + " printed something");
    assertTrue(r.err().startsWith("leadscore sql: Refused: ") && r.err().contains("`leadscore tables` lists them"),
        stmt + " -> " + r.err());
  }

  @Test
  void aScriptTransformIsRefusedAndRunsNoShell() {
    Path marker = dir.resolve("transform-ran");
    String id = "select transform(1) using 'id' as (x string)";
    Result r = sql("sql", id);
    assertFalse(r.out().contains("uid="), r.out());
    assertRefused(r, id);
    assertTrue(r.err().contains("ScriptTransformation"), r.err());
    String touch = "select transform(lead_id) using 'touch " + marker + "' as (x string) from lead_scores";
    assertRefused(sql("sql", touch), touch);
    assertFalse(Files.exists(marker), "the script ran");
  }

  @Test
  void javaCallsAreRefusedHoweverTheyAreSpelled() {
    String viaIdentifier = "select identifier('java_method')('java.lang.System', 'getProperty', 'user.name')";
    Result r = sql("sql", viaIdentifier);
    assertFalse(r.out().contains(System.getProperty("user.name")), r.out());
    assertRefused(r, viaIdentifier);
    assertTrue(r.err().contains("identifier(...)"), r.err());
    Result upper = sql("sql", "select JAVA_METHOD('java.lang.System', 'getProperty', 'user.name')");
    assertRefused(upper, "JAVA_METHOD");
    assertTrue(upper.err().contains("java_method() calls Java methods"), upper.err());
  }

  @Test
  void deltaRestoreOnAPathIsRefusedAndTheTableIsUnchanged() {
    long before = version(victim);
    String restore = "RESTORE TABLE delta.`" + victim + "` TO VERSION AS OF 0";
    Result r = sql("sql", restore);
    assertRefused(r, restore);
    assertTrue(r.err().contains("Delta RESTORE"), r.err());
    assertEquals(before, version(victim), "RESTORE wrote a version");
  }

  @Test
  void pathsAndFileFormatsAreNotReadable() {
    for (String stmt : List.of("select * from text.`/etc/hostname`",
        "select * from delta.`" + tables.path(Table.LEAD_SCORES) + "`")) {
      Result r = sql("sql", stmt);
      assertRefused(r, stmt);
      assertTrue(r.err().contains("is not a lakehouse view"), r.err());
    }
  }

  /** Every write, exec, file and session route found: refused with exit 2, and none of them had an effect. */
  @Test
  void hostileStatementsAreRefusedWithoutEffect() {
    long scores = version();
    long victimVersion = version(victim);
    String ansi = spark.conf().get("spark.sql.ansi.enabled");
    Path marker = dir.resolve("hostile-ran");
    String v = "delta.`" + victim + "`";
    String user = "'java.lang.System', 'getProperty', 'user.name'";
    List<String> hostile = List.of(
        // scripts and Java calls, in every place an expression can hide
        "select transform(1) using 'touch " + marker + "'",
        "select * from (select transform(1) using 'touch " + marker + "' as (x string))",
        "from lead_scores select transform(lead_id) using 'touch " + marker + "'",
        "select Reflect(" + user + ")",
        "select try_reflect(" + user + ")",
        "select transform(array(1), x -> reflect(" + user + "))",
        "select (select java_method(" + user + "))",
        "with x as (select reflect(" + user + ") r) select * from x",
        "values (java_method(" + user + "))",
        "select * from values (1), (2) as t(a) where reflect(" + user + ") is not null",
        "select * from lead_scores tablesample (50 percent) where java_method(" + user + ") is not null",
        "select * from lead_scores where exists (select identifier('reflect')(" + user + "))",
        "select identifier('REFLECT')(" + user + ")",
        "select * from lead_scores lateral view explode(array(reflect(" + user + "))) t as c",
        "select * from range(10) where id = java_method('java.lang.Math', 'abs', -1)",
        "select * from lead_scores limit (select java_method('java.lang.Math', 'abs', 1))",
        "select /*+ REPARTITION(reflect(" + user + ")) */ * from lead_scores",
        "select * from lead_scores s, lateral (select java_method(" + user + ") u)",
        "select * from lead_scores s join lateral (select transform(1) using 'touch " + marker + "' as (x string)) on true",
        "select no_such_udf(1)",
        "select spark_catalog.default.f(1)",
        // Delta commands, on a path and on a view
        "RESTORE TABLE " + v + " TO VERSION AS OF 0",
        "RESTORE TABLE lead_scores TO VERSION AS OF 0",
        "CREATE TABLE delta.`" + dir.resolve("clone") + "` SHALLOW CLONE " + v,
        "VACUUM " + v + " RETAIN 0 HOURS",
        "OPTIMIZE " + v,
        "OPTIMIZE " + v + " ZORDER BY (id)",
        "DESCRIBE HISTORY " + v,
        "DESCRIBE DETAIL " + v,
        "CONVERT TO DELTA parquet.`" + dir.resolve("pq") + "`",
        "GENERATE symlink_format_manifest FOR TABLE " + v,
        "ALTER TABLE " + v + " SET TBLPROPERTIES ('delta.appendOnly' = 'true')",
        "REORG TABLE " + v + " APPLY (PURGE)",
        // files, paths and catalog tables
        "select * from text.`/etc/hostname`",
        "select * from csv.`file:///etc/passwd`",
        "select * from json.`dbfs:/tmp/x`",
        "select * from parquet.`s3a://bucket/lakehouse/bronze/bronze_leads`",
        "select * from `delta`.`" + victim + "`",
        "select * from lead_scores join delta.`" + victim + "` on true",
        "select * from table_changes_by_path('" + victim + "', 0)",
        "select * from table_changes('lead_scores', 0)",
        "select * from read_files('/etc/hostname')",
        "select * from spark_catalog.default.lead_scores",
        "select * from global_temp.lead_scores",
        "select * from identifier('lead_scores')",
        "select * from lead_scores VERSION AS OF 0",
        "select * from lead_scores TIMESTAMP AS OF java_method('java.lang.System', 'currentTimeMillis')",
        // writes
        "INSERT OVERWRITE DIRECTORY '" + dir.resolve("dump2") + "' USING csv SELECT * FROM lead_scores",
        "INSERT OVERWRITE LOCAL DIRECTORY '" + dir.resolve("dump3") + "' SELECT 1",
        "FROM lead_scores INSERT OVERWRITE DIRECTORY '" + dir.resolve("dump4") + "' USING csv SELECT *",
        "CREATE TABLE t2 USING csv LOCATION '" + dir.resolve("loc") + "' AS SELECT 1 AS a",
        "CREATE TABLE t3 (a int) USING parquet LOCATION '" + dir.resolve("loc2") + "'",
        "INSERT INTO " + v + " SELECT 9",
        "LOAD DATA LOCAL INPATH '/etc/hostname' INTO TABLE lead_scores",
        "TRUNCATE TABLE lead_scores",
        // session state and catalog commands
        "SET spark.sql.ansi.enabled = true", "SET", "RESET", "SET TIME ZONE 'America/New_York'", "USE default",
        "ADD JAR '" + dir.resolve("x.jar") + "'", "ADD FILE '/etc/hostname'", "LIST FILES",
        "CREATE TEMPORARY VIEW lead_scores AS SELECT 1 AS x",
        "CREATE OR REPLACE TEMPORARY VIEW leads AS SELECT * FROM text.`/etc/hostname`",
        "CREATE TEMPORARY FUNCTION f AS 'org.apache.hadoop.hive.ql.udf.UDFReflect'",
        "CACHE TABLE c2 AS SELECT * FROM lead_scores", "CACHE LAZY TABLE lead_scores", "UNCACHE TABLE lead_scores",
        "CLEAR CACHE", "REFRESH TABLE lead_scores", "REFRESH '" + victim + "'", "MSCK REPAIR TABLE lead_scores",
        "ANALYZE TABLE lead_scores COMPUTE STATISTICS", "DESCRIBE lead_scores", "SHOW TABLES", "SHOW FUNCTIONS",
        "SHOW CREATE TABLE lead_scores", "EXPLAIN select * from lead_scores", "DROP VIEW lead_scores",
        // the JVM: refused, so the test JVM is still here to assert the rest
        "select identifier('java_method')('java.lang.System', 'exit', 0)",
        "select reflect('java.lang.Runtime', 'getRuntime')");
    List<String> notRefused = new ArrayList<>();
    for (String stmt : hostile) {
      Result r = sql("sql", stmt);
      if (r.code() != 2 || !r.out().isEmpty() || !r.err().startsWith("leadscore sql: Refused: ")) {
        notRefused.add(stmt + " -> " + r.code() + " " + r.out() + r.err());
      }
    }
    assertEquals(List.of(), notRefused);
    assertFalse(Files.exists(marker), "a script ran");
    assertEquals(scores, version(), "lead_scores changed");
    assertEquals(victimVersion, version(victim), "a path statement changed a Delta table");
    for (String made : List.of("clone", "pq/_delta_log", "victim/_symlink_format_manifest", "dump2", "dump3", "dump4",
        "loc", "loc2")) {
      assertFalse(Files.exists(dir.resolve(made)), made + " was written");
    }
    assertEquals(ansi, spark.conf().get("spark.sql.ansi.enabled"), "SET changed the session");
    for (String name : List.of("t2", "t3", "c2")) {
      assertFalse(spark.catalog().tableExists(name), name + " was created");
    }
    assertFalse(spark.catalog().functionExists("f"), "a function was registered");
  }

  /** The allowlist keeps ordinary analysis working: joins, CTEs, windows, generators, subqueries, time travel. */
  @Test
  void ordinaryQueriesStillRun() {
    Map<String, String> expected = new java.util.LinkedHashMap<>();
    expected.put("with top as (select lead_id, score from lead_scores where tier = 'A') "
        + "select l.company, t.score from top t join leads l using (lead_id) order by t.score", "company,score\nAcme,81\n");
    expected.put("select * from (select lead_id, rank() over (order by score desc) r from lead_scores) where r <= 2 "
        + "order by r",
        "lead_id,r\nL4,1\nL1,2\n");
    expected.put("select lead_id, row_number() over (partition by tier order by score desc) n from lead_scores "
        + "where tier = 'A' order by n", "lead_id,n\nL4,1\nL1,2\n");
    expected.put("select r, count(*) n from lead_scores lateral view explode(reasons) t as r group by r",
        "r,n\n\"Said \"\"yes\"\", twice\",1\n");
    expected.put("select tier, count(*) n from lead_scores where lead_id in (select lead_id from leads) "
        + "and exists (select 1 from leads) group by rollup(tier) order by tier nulls last", "tier,n\nA,1\nC,1\n,2\n");
    expected.put("select count(*) n from (select lead_id from lead_scores@v0 union select lead_id from lead_scores)",
        "n\n6\n");
    expected.put("select sum(id) s from range(4)", "s\n6\n");
    expected.put("select s.lead_id, x.d from lead_scores s, lateral (select s.score * 2 d) x where s.tier = 'A' "
        + "order by s.lead_id", "lead_id,d\nL1,162\nL4,170\n");
    expected.put("select a, upper(b) b from values (1, 'x'), (2, 'y') as t(a, b) where a > 1", "a,b\n2,Y\n");
    expected.put("select transform(array(1, 2), x -> x * 10) t, aggregate(array(1, 2), 0, (a, x) -> a + x) s",
        "t,s\n\"[10,20]\",3\n");
    expected.put("select /*+ BROADCAST(l) */ count(*) n from lead_scores s join leads l on s.lead_id = l.lead_id "
        + "distribute by n", "n\n2\n");
    expected.put("select * from (select tier, score from lead_scores) pivot (count(score) for tier in ('A', 'B'))",
        "A,B\n2,1\n");
    expected.put("select count(*) n from lead_scores@v1 tablesample (100 percent)", "n\n5\n");
    expected.put("select 'reflect(1)' as text, input_file_name() like '%/silver/leads/%' f from leads limit 1",
        "text,f\nreflect(1),true\n");
    for (Map.Entry<String, String> e : expected.entrySet()) {
      Result r = sql("sql", e.getKey(), "--format", "csv");
      assertEquals(0, r.code(), e.getKey() + ": " + r.err());
      assertEquals(e.getValue(), r.out(), e.getKey());
    }
  }
}
