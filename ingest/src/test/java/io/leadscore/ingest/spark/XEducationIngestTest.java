package io.leadscore.ingest.spark;

import static org.apache.spark.sql.functions.*;
import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.ConfigFactory;
import io.delta.tables.DeltaTable;
import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.ingest.IngestSpec;
import io.leadscore.ingest.Reconciliation;
import io.leadscore.ingest.SourceMapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real X Education export through conf/sources/xeducation.conf: all 9,240 rows, typed, idempotent. */
class XEducationIngestTest {
  @Test
  void loadsTheRealExportOnceAndASecondRunChangesNothing(@TempDir Path dir) {
    Path leadsCsv = Path.of(System.getProperty("leadscore.shared.data", "../../shared/data"), "leads", "Leads.csv");
    assertTrue(Files.isRegularFile(leadsCsv), "the shared dataset is at " + leadsCsv.toAbsolutePath());
    var config = ConfigFactory.parseFile(new java.io.File("../conf/sources/xeducation.conf"))
        .withFallback(ConfigFactory.parseMap(Map.of("leadscore.ingest.sources", List.of("xeducation"))))
        .withFallback(LeadscoreConfig.defaults(Map.of())).resolve();
    Tables tables = Tables.at(dir.resolve("lakehouse").toString());
    IngestSpec spec = new IngestSpec(LocalDate.parse("2026-11-24"), dir.resolve("landing"),
        SourceMapping.all(config), "salt").withInput(leadsCsv.toString());
    IngestJob job = new IngestJob(SparkTestSession.get(), tables);

    Reconciliation r = job.run(spec).get(0);
    assertEquals(9240, r.received(), r.line());
    assertEquals(9240, r.accepted(), r.line());
    assertEquals(0, r.quarantined());
    assertEquals("crm/2026-11-24/Leads.csv", r.file());

    Dataset<Row> leads = SparkTestSession.get().read().format("delta").load(tables.path(Table.LEADS));
    assertEquals(9240, leads.count());
    assertEquals(9240, leads.select("lead_id").distinct().count());
    assertEquals(3561L, leads.agg(sum("converted")).first().getLong(0), "3,561 converted (README)");
    var types = Map.of("converted", "int", "total_visits", "int", "time_on_website", "int",
        "page_views_per_visit", "double", "do_not_email", "boolean", "asymmetrique_profile_score", "int",
        "specialization", "string");
    for (var e : types.entrySet()) {
      assertEquals(e.getValue(), leads.schema().apply(e.getKey()).dataType().simpleString(), e.getKey());
    }
    assertEquals(0, leads.filter(col("specialization").equalTo("Select")).count(), "Select is missing");
    assertTrue(leads.filter(col("specialization").isNull()).count() > 1000);
    assertTrue(leads.filter(col("total_visits").isNull()).count() > 0, "blank numbers are null");

    Map<Table, Long> versions = Map.of(Table.LEADS, version(tables, Table.LEADS),
        Table.BRONZE_LEADS, version(tables, Table.BRONZE_LEADS));
    Reconciliation again = job.run(spec).get(0);
    assertTrue(again.skipped(), again.line());
    for (var e : versions.entrySet()) {
      assertEquals(e.getValue(), version(tables, e.getKey()), "no new commit on " + e.getKey());
    }
    assertFalse(DeltaTable.isDeltaTable(SparkTestSession.get(), tables.path(Table.QUARANTINE)),
        "nothing was quarantined");
  }

  private static long version(Tables tables, Table t) {
    return DeltaTable.forPath(SparkTestSession.get(), tables.path(t)).history(1).first().getLong(0);
  }
}
