package io.leadscore.ingest.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables.Table;
import io.leadscore.ingest.Reconciliation;
import io.leadscore.ingest.RowKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An export without an id column, {@code key = ["@row"]}: each row's lead_id is the file's hash prefix and
 * its record number (identical rows stay two leads), in silver and in bronze (erasure finds the row by it),
 * and re-ingesting the same bytes changes nothing.
 */
class RowKeyIngestTest {
  static final String MAPPING = "leadscore.ingest.sources = [x]\n"
      + "leadscore.sources.x { group = crm, file = \"x.csv\", format = csv, table = leads, key = [\"@row\"], "
      + "outcome = converted, columns { converted { type = int, min = 0, max = 1, required = true }, "
      + "visits = int, city = string } }";

  @Test
  void rowsGetIdsFromTheFileHashAndRowNumber(@TempDir Path dir) throws Exception {
    IngestTestSupport t = new IngestTestSupport(dir, MAPPING);
    // rows 1 and 2 are identical (two leads who answered alike), row 3 has a bad visits value (quarantined)
    String csv = "converted,visits,city\n0,3,Pune\n0,3,Pune\n1,lots,Mumbai\n1,7,\"Delhi, NCR\"\n";
    byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
    t.write("crm", "x.csv", bytes);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));

    Reconciliation r = IngestTestSupport.of(t.ingest(), "x");
    assertEquals(4, r.received(), r.line());
    assertEquals(3, r.accepted(), r.line());
    assertEquals(1, r.quarantined(), r.line());

    Map<String, Long> silver = t.table(Table.LEADS).select("lead_id", "_row_number").collectAsList().stream()
        .collect(Collectors.toMap(x -> x.getString(0), x -> x.getLong(1)));
    assertEquals(Map.of(RowKey.of(sha, 1), 1L, RowKey.of(sha, 2), 2L, RowKey.of(sha, 4), 4L), silver,
        "identical rows are two leads; the quarantined row 3 has no silver row");
    Row delhi = t.table(Table.LEADS).filter(col("lead_id").equalTo(RowKey.of(sha, 4))).first();
    assertEquals("Delhi, NCR", delhi.getAs("city"));
    List<String> bronze = t.table(Table.BRONZE_LEADS).orderBy("_row_number").select("lead_id")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertEquals(List.of(RowKey.of(sha, 1), RowKey.of(sha, 2), RowKey.of(sha, 3), RowKey.of(sha, 4)), bronze,
        "bronze carries the derived id of every row, the quarantined one too");

    long version = t.table(Table.LEADS).sparkSession().sql("DESCRIBE HISTORY delta.`"
        + t.tables.path(Table.LEADS) + "`").first().getLong(0);
    assertTrue(IngestTestSupport.of(t.ingest(), "x").skipped(), "the same bytes again: nothing to do");
    assertEquals(version, t.table(Table.LEADS).sparkSession().sql("DESCRIBE HISTORY delta.`"
        + t.tables.path(Table.LEADS) + "`").first().getLong(0));

    // erasure by the derived id: the lead's silver and bronze rows go; by the quarantined row's id, its quarantine row
    new io.leadscore.ingest.privacy.spark.LeadEraser(SparkTestSession.get(), t.tables, t.sources, "test-salt")
        .erase(List.of(RowKey.of(sha, 4), RowKey.of(sha, 3)), "erase", "test", "run-1");
    assertEquals(List.of(RowKey.of(sha, 1), RowKey.of(sha, 2)), t.table(Table.LEADS).orderBy("lead_id")
        .select("lead_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    assertEquals(2, t.table(Table.BRONZE_LEADS).count());
    assertEquals(0, t.table(Table.QUARANTINE).count(), "row 3's quarantine entry went with its bronze row");
  }
}
