package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.Tables;
import io.leadscore.core.runs.JobSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nightly's closing "next steps": this run's real paths and commands. No Spark. */
class NextStepsTest {
  @Test
  void theNextStepsNameTheTablesAQueryTheReportTheCrmFileAndTheRuns(@TempDir Path dir) throws Exception {
    Path outbox = Files.createDirectories(dir.resolve("outbox"));
    Files.writeString(outbox.resolve("crm_import_2026-11-23_000001_ab.csv"), "x");
    Files.writeString(outbox.resolve("crm_import_2026-11-24_000001_cd.csv"), "x");
    CommonOptions o = new CommonOptions();
    o.conf = Path.of("conf/xeducation.conf");
    o.date = LocalDate.parse("2026-11-24");
    JobSummary s = new JobSummary().put("report", dir.resolve("reports/2026-11-24.html").toString())
        .put("crm_sink", "csv").put("crm_target", outbox.toString());
    String text = String.join("\n", NextSteps.lines(s, o, Tables.at(dir.resolve("lakehouse").toString())));
    assertTrue(text.contains("bin/leadscore tables --conf conf/xeducation.conf"), text);
    assertTrue(text.contains("bin/leadscore sql --conf conf/xeducation.conf \"select tier, count(*) as leads from "
        + "lead_scores where score_date = date'2026-11-24'"), text);
    assertTrue(text.contains(dir.resolve("reports/2026-11-24.html").toString()), text);
    assertTrue(text.contains(outbox.resolve("crm_import_2026-11-24_000001_cd.csv").toString()), "the newest: " + text);
    assertTrue(text.contains("bin/leadscore runs --conf conf/xeducation.conf"), text);
    CommonOptions local = new CommonOptions();
    List<String> plain = NextSteps.lines(new JobSummary(), local, Tables.at("lakehouse"));
    assertTrue(plain.stream().anyMatch(l -> l.endsWith("bin/leadscore tables   (Delta tables under lakehouse)")),
        "no --conf for the default configuration: " + plain);
  }
}
