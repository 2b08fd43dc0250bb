package io.leadscore.ingest.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables.Table;
import io.leadscore.ingest.IngestSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Raw PII stays in bronze only, and bronze keeps bronze_retention_days of batches. */
class RetentionIngestTest {
  @Test
  void bronzeOlderThanTheRetentionIsDeletedSilverKeepsItsHashes(@TempDir Path dir) throws Exception {
    IngestTestSupport t = new IngestTestSupport(dir, """
        leadscore.ingest.sources = [people]
        leadscore.sources.people { group = crm, file = "p.csv", format = csv, table = leads, key = [lead_id],
          pii_hash = [email], columns { lead_id = "string, required", email = string } }
        """);
    IngestJob job = new IngestJob(SparkTestSession.get(), t.tables);
    java.time.LocalDate day1 = IngestTestSupport.DATE.minusDays(10);
    for (java.time.LocalDate d : new java.time.LocalDate[] {day1, IngestTestSupport.DATE}) {
      Path f = t.landing.resolve("crm").resolve(d.toString()).resolve("p.csv");
      Files.createDirectories(f.getParent());
      Files.writeString(f, "lead_id,email\nL" + d.getDayOfMonth() + ",x" + d.getDayOfMonth() + "@y.com\n");
      job.run(new IngestSpec(d, t.landing, t.sources, "salt").withBronzeRetentionDays(5));
    }
    var bronze = t.table(Table.BRONZE_LEADS);
    assertEquals(0, bronze.filter(col("_batch_date").lt(java.sql.Date.valueOf(IngestTestSupport.DATE.minusDays(5))))
        .count(), "batches older than 5 days are purged from bronze");
    assertEquals(1, bronze.count());
    assertEquals(2, t.table(Table.LEADS).count(), "silver keeps both leads");
    assertEquals(0, t.table(Table.LEADS).filter(col("email_hash").contains("@")).count());
  }
}
