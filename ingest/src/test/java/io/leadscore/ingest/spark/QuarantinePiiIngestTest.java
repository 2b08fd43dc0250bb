package io.leadscore.ingest.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.Tables.Table;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quarantine keeps the field, the rule and a hashed or cut value: no raw PII, no whole raw record. */
class QuarantinePiiIngestTest {
  @Test
  void quarantineRowsOfPiiHoldNoRawValue(@TempDir Path dir) {
    IngestTestSupport t = new IngestTestSupport(dir, """
        leadscore.ingest.sources = [people]
        leadscore.sources.people { group = crm, file = "p.csv", format = csv, table = leads, key = [lead_id],
          pii_hash = [email], pii_drop = [first_name],
          columns { lead_id { type = string, required = true, pattern = "L[0-9]+" }
            email { type = string, pattern = "[^@ ]+@[^@ ]+" }, first_name { type = string, max_length = 5 },
            note { type = string, max_length = 300 }, visits { type = int } } }
        """);
    String big = "y".repeat(350);
    t.write("crm", "p.csv", "lead_id,email,first_name,note,visits\n"
        + "L1,ada@example.com,Ada,fine,1\n"
        + "L2,not-an-email@,Bob,bad email,2\n"                           // email fails pattern: PII field
        + "L3,carol@example.com,Carolina,name too long,3\n"             // pii_drop field fails max_length
        + "L4,dan@example.com,Dan,call +44 20 7946 0958,x\n"            // visits fails; note holds a phone
        + "X5,erin@example.com,Erin,bad id,5\n"                         // lead_id fails: the raw email must not leak
        + "L6,fay@example.com,Fay," + big + "x,6\n"                     // a non-PII value over 200 characters
        + "L7,gus@example.com,Gus,extra,7,field\n");                    // unparsable record
    t.ingest();
    List<Row> q = t.table(Table.QUARANTINE).collectAsList();
    Map<String, Row> byId = q.stream().collect(Collectors.toMap(r -> "row" + r.getAs("row_number"), r -> r));
    assertEquals(6, q.size(), byId.keySet().toString());
    assertTrue(q.stream().allMatch(r -> r.getAs("raw_record") == null), "the whole raw record stays in bronze only");
    for (String raw : List.of("not-an-email@", "Bob", "Carolina", "carol@example.com", "dan@example.com",
        "7946 0958", "erin@example.com", "gus@example.com", "Gus")) {
      for (Row r : q) {
        for (int i = 0; i < r.length(); i++) {
          assertFalse(String.valueOf(r.get(i)).contains(raw), raw + " in quarantine column "
              + r.schema().fields()[i].name() + ": " + r);
        }
      }
    }
    Row badEmail = byId.get("row2");
    assertEquals("email", badEmail.getAs("field"));
    assertEquals("pattern", badEmail.getAs("rule"));
    assertTrue(((String) badEmail.getAs("raw_value")).startsWith("sha256:"));
    assertEquals("first_name", byId.get("row3").getAs("field"));
    assertTrue(((String) byId.get("row3").getAs("raw_value")).startsWith("sha256:"));
    assertEquals("type:int", byId.get("row4").getAs("rule"));
    assertEquals("X5", byId.get("row5").getAs("raw_value"), "a non-PII value is kept");
    assertEquals(200, ((String) byId.get("row6").getAs("raw_value")).length(), "cut to 200 characters");
    assertEquals("_record", byId.get("row7").getAs("field"));
    assertTrue(((String) byId.get("row7").getAs("raw_value")).startsWith("sha256:"));
    assertEquals("erin@example.com", t.table(Table.BRONZE_LEADS).filter(col("lead_id").equalTo("X5")).first()
        .getAs("email"), "bronze keeps the raw record");
  }

  @Test
  void aQuarantineTableWrittenBeforeRedactionStillTakesNewRows(@TempDir Path dir) {
    IngestTestSupport t = new IngestTestSupport(dir, """
        leadscore.ingest.sources = [people]
        leadscore.sources.people { group = crm, file = "p.csv", format = csv, table = leads, key = [lead_id],
          pii_hash = [email], columns { lead_id = "string, required", email = string } }
        """);
    // the old layout, with the raw record
    io.leadscore.core.SparkTestSession.get().sql("SELECT 'people' AS source, 'crm/old/p.csv' AS source_file, "
        + "1L AS row_number, 'lead_id' AS field, 'required' AS rule, CAST(NULL AS STRING) AS raw_value, "
        + "'x' AS reason, '{}' AS raw_record, DATE'2026-01-01' AS batch_date, TIMESTAMP'2026-01-01 00:00:00' "
        + "AS quarantined_at").write().format("delta").save(t.tables.path(Table.QUARANTINE));
    t.write("crm", "p.csv", "lead_id,email\n,ann@example.com\n");
    t.ingest();
    List<Row> q = t.table(Table.QUARANTINE).orderBy("batch_date").collectAsList();
    assertEquals(2, q.size());
    assertNull(q.get(1).getAs("raw_record"), "new rows leave the old raw_record column empty");
  }
}
