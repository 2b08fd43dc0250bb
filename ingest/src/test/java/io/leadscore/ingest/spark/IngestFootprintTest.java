package io.leadscore.ingest.spark;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables.Table;
import io.leadscore.ingest.Reconciliation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.RDDInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What ingesting a big file costs besides its rows: no Spark cache of the parsed file (the whole file used to
 * sit in the heap, 16.7 GiB at 1M leads), no staging copy left behind, and row numbers that stay the file's
 * line numbers when a gzip file read by one task is spread over every core before parsing.
 */
class IngestFootprintTest {
  static final String MAPPING = "leadscore.ingest.sources = [events]";
  static final int EVENTS = 5000;

  /** Records every RDD a completed stage held in Spark's block store (memory or disk). */
  static final class CachedRdds extends SparkListener {
    final List<String> cached = new ArrayList<>();

    @Override
    public synchronized void onStageCompleted(SparkListenerStageCompleted done) {
      for (RDDInfo rdd : scala.collection.JavaConverters.seqAsJavaList(done.stageInfo().rddInfos())) {
        if (rdd.storageLevel().isValid()) {
          cached.add(rdd.name() + " (" + rdd.storageLevel().description() + ") in stage "
              + done.stageInfo().stageId());
        }
      }
    }
  }

  @Test
  void aGzipJsonLinesFileIsIngestedWithoutCachingItAndKeepsItsLineNumbers(@TempDir Path dir) throws Exception {
    IngestTestSupport t = new IngestTestSupport(dir, MAPPING);
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    for (int i = 1; i <= EVENTS; i++) {
      lines.writeBytes(("{\"event_id\":\"E" + i + "\",\"lead_id\":\"L" + (i % 97) + "\",\"event_type\":\"page_view\","
          + "\"page\":\"/p\",\"ts\":\"2026-11-01T10:" + String.format("%02d:%02d", (i / 60) % 60, i % 60)
          + "Z\",\"session_id\":\"S" + i + "\",\"user_agent\":\"Mozilla/5.0\",\"duration_seconds\":" + (i % 300)
          + "}\n").getBytes(StandardCharsets.UTF_8));
    }
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
      z.write(lines.toByteArray());
    }
    t.write("analytics", "events.jsonl.gz", gz.toByteArray());

    SparkSession spark = SparkTestSession.get();
    CachedRdds listener = new CachedRdds();
    spark.sparkContext().addSparkListener(listener);
    List<Reconciliation> recs;
    try {
      recs = t.ingest();
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }

    Reconciliation r = IngestTestSupport.of(recs, "events");
    assertTrue(r.holds(), r.line());
    assertEquals(EVENTS, r.received(), r.line());
    assertEquals(EVENTS, r.accepted(), r.line());
    assertEquals(List.of(), listener.cached, "ingest must not cache the parsed file in Spark's block store");
    Path staging = dir.resolve("lakehouse/ops/_ingest_staging");
    if (Files.exists(staging)) {
      try (var left = Files.list(staging)) {
        assertEquals(List.of(), left.toList(), "the staging copy of each file is deleted after the file");
      }
    }
    // the lines were spread over the cores before parsing: each row keeps its line number all the same
    List<Row> bronze = t.table(Table.bronzeOf("events")).select("event_id", "_row_number").collectAsList();
    assertEquals(EVENTS, bronze.size());
    for (Row b : bronze) {
      assertEquals("E" + b.getLong(1), b.getString(0), "row number of " + b.getString(0));
    }
  }
}
