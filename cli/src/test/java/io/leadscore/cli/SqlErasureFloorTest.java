package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code leadscore sql} after an erasure, on a hand-made lakehouse: leads v0 (L1, L2), v1 without L1 (the
 * erasure's delete), the erasure recorded, then v2 (a later ingest); lead_scores v0 and v1, both before it.
 */
class SqlErasureFloorTest {
  @TempDir
  static Path dir;
  static String root;
  static SparkSession spark;

  @BeforeAll
  static void erasedLakehouse() throws Exception {
    spark = SparkTestSession.get();
    root = dir.resolve("lake").toString();
    Tables tables = Tables.at(root);
    String leads = tables.path(Table.LEADS);
    spark.sql("select * from values ('L1'), ('L2') as t(lead_id)").write().format("delta").save(leads);
    spark.sql("select * from values ('L2') as t(lead_id)").write().format("delta").mode("overwrite").save(leads);
    String scores = tables.path(Table.LEAD_SCORES);
    spark.sql("select * from values ('L1', 91) as t(lead_id, score)").write().format("delta").save(scores);
    spark.sql("select * from values ('L2', 40) as t(lead_id, score)").write().format("delta").mode("overwrite").save(scores);
    Thread.sleep(20);
    long erasedAt = System.currentTimeMillis();
    spark.sql("select 'hash' as lead_hash, timestamp_millis(" + erasedAt + "L) as erased_at").write().format("delta")
        .save(tables.path(Table.ERASURES));
    Thread.sleep(20);
    spark.sql("select * from values ('L2'), ('L3') as t(lead_id)").write().format("delta").mode("overwrite").save(leads);
  }

  record Result(int code, String out, String err) {}

  static Result sql(String... args) {
    List<String> all = new ArrayList<>(List.of("sql"));
    all.addAll(List.of(args));
    all.addAll(List.of("--format", "csv", "--conf", "../conf/local.conf", "--set", "leadscore.storage.root=" + root));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new Main()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    return new Result(cl.execute(all.toArray(String[]::new)), out.toString(), err.toString());
  }

  static String committed(long version) {
    Instant t = DeltaTable.forPath(spark, Tables.at(root).path(Table.LEADS)).history()
        .filter("version = " + version).select("timestamp").head().getTimestamp(0).toInstant();
    return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC).format(t);
  }

  static void assertRefused(Result r, String oldest) {
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals("", r.out());
    assertTrue(r.err().contains("is older than the last erasure of leads") && r.err().contains(oldest), r.err());
  }

  @Test
  void versionsBeforeTheErasureAreRefusedWithExit2() {
    assertRefused(sql("select * from leads@v0"), "The oldest readable version of leads is v2");
    assertRefused(sql("select * from leads@v1"), "use leads@v2 or later");
    assertRefused(sql("select count(*) from leads", "--as-of", "0"), "or --as-of 2");
    assertRefused(sql("select * from lead_scores@v0"), "The oldest readable version of lead_scores is v1");
  }

  @Test
  void versionsSinceTheErasureAndTheCurrentOnesStillRead() {
    assertEquals(new Result(0, "lead_id\nL2\nL3\n", ""), sql("select * from leads@v2 order by lead_id"));
    assertEquals(new Result(0, "n\n2\n", ""), sql("select count(*) n from leads"));
    // no version of lead_scores since the erasure: its current one is the oldest readable
    assertEquals(new Result(0, "lead_id\nL2\n", ""), sql("select lead_id from lead_scores@v1"));
    assertEquals(new Result(0, "n\n1\n", ""), sql("select count(*) n from lead_scores"));
  }

  @Test
  void aTimeBeforeTheOldestReadableVersionIsRefused() {
    assertRefused(sql("select count(*) from leads", "--as-of", committed(1)), "leads as of " + committed(1));
    assertEquals(new Result(0, "n\n2\n", ""), sql("select count(*) n from leads", "--as-of", committed(2).replace(' ', 'T')));
  }
}
