package io.leadscore.ingest;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.runs.Problem;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** required = true: a delivered export without records is a problem; an optional one may be empty. */
class RequiredExportsTest {
  static SourceMapping mapping(String extra) {
    return SourceMapping.from("leads", com.typesafe.config.ConfigFactory.parseString("group = crm, file = \"leads*.csv\", "
        + "format = csv, key = [id], columns { id = \"string, required\" }" + extra));
  }

  static final IngestSpec SPEC = new IngestSpec(LocalDate.parse("2026-11-26"), Path.of("landing"), List.of(), "salt");

  static RequiredExports.Delivered file(String name, long received, long bytes) {
    return new RequiredExports.Delivered(Reconciliation.loaded("leads", "crm/2026-11-26/" + name,
        new Reconciliation.RowCounts(received, received, 0, 0), Reconciliation.ColumnDrift.NONE, List.of()), bytes);
  }

  @Test
  void aRequiredExportWithoutRecordsIsReportedNamingTheFileAndWhy() {
    Problem p = RequiredExports.empty(mapping(", required = true"), SPEC, List.of(file("leads.csv", 0, 120)))
        .orElseThrow();
    assertEquals(Problem.EXPORT_MISSING, p.kind());
    assertEquals("crm/2026-11-26/leads.csv", p.subject());
    assertTrue(p.message().contains("'leads' holds no records for batch date 2026-11-26")
        && p.message().contains("a header line without rows") && p.message().contains("required = false"), p.message());
    Problem zero = RequiredExports.empty(mapping(", required = true"), SPEC,
        List.of(file("leads-1.csv", 0, 0), file("leads-2.csv", 0, 40))).orElseThrow();
    assertEquals("crm/2026-11-26/leads*.csv", zero.subject());
    assertTrue(zero.message().contains("leads-1.csv (the file is empty, 0 bytes)"), zero.message());
  }

  @Test
  void optionalEmptyFailedOrNonEmptyExportsAreNotThisProblem() {
    assertTrue(RequiredExports.empty(mapping(""), SPEC, List.of(file("leads.csv", 0, 120))).isEmpty(), "optional");
    assertTrue(RequiredExports.empty(mapping(", required = true"), SPEC,
        List.of(file("leads-1.csv", 0, 40), file("leads-2.csv", 3, 90))).isEmpty(), "one part has rows");
    assertTrue(RequiredExports.empty(mapping(", required = true"), SPEC, List.of(new RequiredExports.Delivered(
        Reconciliation.failed("leads", "crm/2026-11-26/leads.csv", "bad encoding"), 50))).isEmpty(),
        "a failed file is its own problem");
    assertTrue(RequiredExports.empty(mapping(", required = true"), SPEC, List.of(new RequiredExports.Delivered(
        Reconciliation.alreadyIngested("leads", "crm/2026-11-26/leads.csv"), 50))).isEmpty(), "ingested before");
  }
}
