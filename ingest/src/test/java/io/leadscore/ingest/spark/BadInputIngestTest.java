package io.leadscore.ingest.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.Tables.Table;
import io.leadscore.ingest.Reconciliation;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One CSV export with a bad row of every kind: each ends in quarantine with the rule that caught it,
 * the good rows land in silver, and received = accepted + quarantined.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIngestTest {
  static final String MAPPING = """
      leadscore.ingest.sources = [people]
      leadscore.sources.people {
        group = crm, file = "people.csv", format = csv, table = leads
        key = [lead_id], latest_by = updated_at
        missing = ["", "Select", "N/A"]
        pii_hash = [email], pii_drop = []
        columns {
          lead_id { type = string, required = true, pattern = "L[0-9]{7}" }
          email { type = string, pattern = "[^@ ]+@[^@ ]+" }
          visits { from = "Visits", type = int, min = 0, max = 100000 }
          score { type = double }
          active { type = boolean, true_values = [Yes], false_values = [No] }
          stage { type = string, normalise = [trim, lower], allowed = [new, open, won, lost] }
          updated_at { type = timestamp, required = true, format = "yyyy-MM-dd HH:mm:ss" }
          note { type = string, max_length = 200 }
        }
      }
      """;
  static final String HEADER = "lead_id,email,Visits,score,active,stage,updated_at,note\n";
  static final String GOOD_TS = "2026-11-01 10:00:00";

  IngestTestSupport t;
  List<Reconciliation> recs;
  /** expected (field, rule) per row number; rows not listed must be accepted */
  final Map<Long, String[]> expected = new HashMap<>();
  int rows;

  private void row(String line, String field, String rule, ByteArrayOutputStream out) {
    rows++;
    if (field != null) {
      expected.put((long) rows, new String[] {field, rule});
    }
    out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
    out.writeBytes("\n".getBytes(StandardCharsets.UTF_8));
  }

  private static String good(String id) {
    return id + ",a@x.com,5,1.5,Yes,New," + GOOD_TS + ",hello";
  }

  @BeforeAll
  void ingest(@TempDir Path dir) {
    t = new IngestTestSupport(dir, MAPPING);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(HEADER.getBytes(StandardCharsets.UTF_8));
    row(good("L0000001"), null, null, out);
    row("L0000002,a@x.com,abc,1.5,Yes,new," + GOOD_TS + ",wrong type", "visits", "type:int", out);
    row("L0000003,a@x.com,5,1.5,Yes,new,yesterday,bad date", "updated_at", "type:timestamp", out);
    row(",a@x.com,5,1.5,Yes,new," + GOOD_TS + ",missing key", "lead_id", "required", out);
    row("N/A,a@x.com,5,1.5,Yes,new," + GOOD_TS + ",marker only", "lead_id", "required", out);
    row("L0000006,a@x.com,-3,1.5,Yes,new," + GOOD_TS + ",negative count", "visits", "min", out);
    row("L0000007,a@x.com,99999999999,1.5,Yes,new," + GOOD_TS + ",overflow", "visits", "type:int", out);
    row("L0000008,a@x.com,5,1.5,Yes,new," + GOOD_TS + "," + "x".repeat(300), "note", "max_length", out);
    row("L0000009,a@x.com,5,1.5,Yes,pending," + GOOD_TS + ",not allowed", "stage", "allowed", out);
    row("X123,a@x.com,5,1.5,Yes,new," + GOOD_TS + ",bad id", "lead_id", "pattern", out);
    row("L0000011,not-an-email,5,1.5,Yes,new," + GOOD_TS + ",bad email", "email", "pattern", out);
    row("L0000012,a@x.com,5,1.5,Yes,new," + GOOD_TS + ",\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"", "note",
        "formula_injection", out);
    row("\"L0000013'; DROP TABLE leads;--\",a@x.com,5,1.5,Yes,new," + GOOD_TS + ",sql", "lead_id", "pattern", out);
    row("L0000014,a@x.com,5,1.5,maybe,new," + GOOD_TS + ",bad boolean", "active", "type:boolean", out);
    row("L0000015,a@x.com,2.5,1.5,Yes,new," + GOOD_TS + ",fraction", "visits", "type:int", out);
    row("L0000016,a@x.com,5,NaN,Yes,new," + GOOD_TS + ",nan", "score", "type:double", out);
    row("L0000017,a@x.com,5,1.5,Yes,new," + GOOD_TS + ",bell\u0007here", "note", "control_chars", out);
    row("L0000018,a@x.com,5,1.5,Yes,new," + GOOD_TS + ",extra,field", "_record", "parse", out);
    row("L0000019,a@x.com,5,1.5", "_record", "parse", out);
    row("L0000020,a@x.com,5,1.5,Yes,new,2026/11/01,wrong date format", "updated_at", "type:timestamp", out);
    row("L0000021,a@x.com,5,1.5,Yes,new," + GOOD_TS + ",\"quoted, with comma\"", null, null, out);
    row("L0000022,a@x.com,5,1.5,Yes,NEW ," + GOOD_TS + ",Select", null, null, out);
    // non-UTF-8 bytes (Latin-1 e-acute and a stray 0xFF)
    rows++;
    expected.put((long) rows, new String[] {"note", "encoding"});
    out.writeBytes(("L0000023,a@x.com,5,1.5,Yes,new," + GOOD_TS + ",caf").getBytes(StandardCharsets.UTF_8));
    out.write(0xE9);
    out.write(0xFF);
    out.write('\n');
    // the same key twice: the later updated_at wins in silver, the other row is superseded (not lost)
    row("L0000030,old@x.com,1,1.5,Yes,new,2026-11-01 09:00:00,older", null, null, out);
    row("L0000030,new@x.com,2,1.5,Yes,won,2026-11-02 09:00:00,newer", null, null, out);
    row("L0000030,mid@x.com,3,1.5,Yes,open,2026-11-01 12:00:00,middle", null, null, out);
    // last: a quote that is never closed swallows the rest of the file into one malformed record
    row("L0000099,\"broken@x.com,5,1.5,Yes,new," + GOOD_TS + ",unterminated", "_record", "parse", out);
    t.write("crm", "people.csv", out.toByteArray());
    recs = t.ingest();
  }

  @Test
  void everyBadRowIsQuarantinedWithItsRule() {
    assertTrue(expected.size() >= 20, "at least 20 kinds of bad rows");
    Map<Long, Row> q = new HashMap<>();
    for (Row r : t.table(Table.QUARANTINE).collectAsList()) {
      q.put(r.getAs("row_number"), r);
    }
    for (var e : expected.entrySet()) {
      Row r = q.get(e.getKey());
      assertNotNull(r, "row " + e.getKey() + " (" + e.getValue()[1] + ") must be quarantined");
      assertEquals(e.getValue()[0], r.getAs("field"), "field of row " + e.getKey() + ": " + r.getAs("reason"));
      assertEquals(e.getValue()[1], r.getAs("rule"), "rule of row " + e.getKey() + ": " + r.getAs("reason"));
      assertEquals("crm/2026-11-24/people.csv", r.getAs("source_file"));
      assertEquals("people", r.getAs("source"));
    }
    assertEquals(expected.keySet(), q.keySet(), "only the bad rows are quarantined");
    Row tooLong = q.get(8L);
    assertTrue(((String) tooLong.getAs("reason")).startsWith("note failed max_length"), (String) tooLong.getAs("reason"));
    assertTrue(((String) q.get(12L).getAs("raw_value")).startsWith("=HYPERLINK"));
  }

  @Test
  void reconciliationHoldsAndCountsEveryRow() {
    Reconciliation r = IngestTestSupport.of(recs, "people");
    assertTrue(r.holds(), r.line());
    assertEquals(rows, r.received());
    assertEquals(expected.size(), r.quarantined());
    assertEquals(2, r.duplicates(), "two of the three L0000030 rows are superseded");
    assertTrue(r.line().contains("received " + rows + " = accepted " + (rows - expected.size())), r.line());
    assertEquals(rows, t.table(Table.BRONZE_LEADS).count(), "bronze keeps every row as received");
  }

  @Test
  void silverIsTypedNormalisedDedupedAndHashesPii() {
    var silver = t.table(Table.LEADS);
    assertEquals(rows - expected.size() - 2, silver.count());
    Row latest = silver.filter(col("lead_id").equalTo("L0000030")).first();
    assertEquals(2, (int) latest.getAs("visits"), "the latest updated_at wins");
    assertEquals("won", latest.getAs("stage"));
    Row normalised = silver.filter(col("lead_id").equalTo("L0000022")).first();
    assertEquals("new", normalised.getAs("stage"), "trimmed and lower-cased before the allowed check");
    assertNull(normalised.getAs("note"), "the marker Select is missing");
    assertEquals(Boolean.TRUE, normalised.getAs("active"));
    assertEquals("quoted, with comma", silver.filter(col("lead_id").equalTo("L0000021")).first().getAs("note"));
    assertFalse(List.of(silver.columns()).contains("email"), "raw PII never in silver");
    String hash = silver.filter(col("lead_id").equalTo("L0000001")).first().getAs("email_hash");
    assertEquals(64, hash.length());
    assertNotEquals("a@x.com", hash);
    assertEquals("a@x.com", t.table(Table.BRONZE_LEADS).filter(col("lead_id").equalTo("L0000001"))
        .first().getAs("email"), "raw PII stays in bronze");
  }

  @Test
  void reingestingChangesNoTable() {
    long q = t.table(Table.QUARANTINE).count();
    long bronze = t.table(Table.BRONZE_LEADS).count();
    long silver = t.table(Table.LEADS).count();
    List<Reconciliation> again = t.ingest();
    assertTrue(again.get(0).skipped(), again.get(0).line());
    assertEquals(q, t.table(Table.QUARANTINE).count());
    assertEquals(bronze, t.table(Table.BRONZE_LEADS).count());
    assertEquals(silver, t.table(Table.LEADS).count());
  }
}
