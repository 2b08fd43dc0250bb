package io.leadscore.ingest.spark;

import static org.junit.jupiter.api.Assertions.*;

import io.delta.tables.DeltaTable;
import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bronze's Delta log carries statistics of its metadata columns only: no raw value of an export reaches it. */
class BronzeStatsIngestTest {
  static final String MAPPING = """
      leadscore.ingest.sources = [people]
      leadscore.sources.people { group = crm, file = "p.csv", format = csv, table = leads, key = [lead_id],
        pii_hash = [email], columns { lead_id { type = string, required = true }, email { type = string } } }
      """;

  @Test
  void aNewBronzeTableKeepsNoRawValueInItsLog(@TempDir Path dir) throws IOException {
    IngestTestSupport t = new IngestTestSupport(dir, MAPPING);
    t.write("crm", "p.csv", "lead_id,email\nL1,ada.lovelace@example.com\nL2,zed.last@example.com\n");
    t.ingest();
    String bronze = t.tables.path(Table.bronzeOf("leads"));
    assertEquals(BronzeStats.VALUE, property(bronze));
    assertEquals(List.of(), logFilesContaining(bronze, "ada.lovelace@example.com"));
    assertEquals(List.of(), logFilesContaining(bronze, "zed.last@example.com"));
    // the metadata columns keep their statistics (the re-delivery check and the purge skip files by them)
    assertFalse(logFilesContaining(bronze, "minValues").isEmpty(), "statistics are still collected");
  }

  @Test
  void aBronzeTableFromBeforeTheRuleGetsThePropertyOnItsNextIngest(@TempDir Path dir) {
    IngestTestSupport t = new IngestTestSupport(dir, MAPPING);
    String bronze = t.tables.path(Table.bronzeOf("leads"));
    // an old lakehouse: bronze created by a plain first write, statistics on every column
    SparkTestSession.get().sql("SELECT 'L0' AS lead_id, 'old@example.com' AS email, 1L AS _row_number, "
        + "'p-old.csv' AS _source_file, 30L AS _file_size, 'abc' AS _file_checksum, DATE'2026-11-01' AS _batch_date, "
        + "current_timestamp() AS _ingested_at").write().format("delta").save(bronze);
    assertNotEquals(BronzeStats.VALUE, property(bronze));
    t.write("crm", "p.csv", "lead_id,email\nL1,ada.lovelace@example.com\n");
    t.ingest();
    assertEquals(BronzeStats.VALUE, property(bronze));
    assertEquals(2, t.table(Table.bronzeOf("leads")).count());
  }

  @Test
  void aRelativeStorageRootWorks(@TempDir Path dir) {
    // the default root is the relative `lakehouse`: Delta's builder and SQL take only absolute paths
    String relative = Path.of("").toAbsolutePath().relativize(dir.resolve("lakehouse").toAbsolutePath()).toString();
    assertFalse(Path.of(relative).isAbsolute());
    IngestTestSupport t = new IngestTestSupport(dir, MAPPING, relative);
    t.write("crm", "p.csv", "lead_id,email\nL1,ada.lovelace@example.com\n");
    t.ingest();
    assertEquals(BronzeStats.VALUE, property(t.tables.path(Table.bronzeOf("leads"))));
    assertEquals(1, t.table(Table.bronzeOf("leads")).count());
  }

  static String property(String path) {
    scala.collection.Map<String, String> p = DeltaTable.forPath(SparkTestSession.get(), path).detail().first()
        .getAs("properties");
    return p.contains(BronzeStats.PROPERTY) ? p.apply(BronzeStats.PROPERTY) : null;
  }

  static List<Path> logFilesContaining(String table, String text) {
    try (Stream<Path> s = Files.walk(Path.of(table, "_delta_log"))) {
      return s.filter(Files::isRegularFile).filter(p -> {
        try {
          return new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
