package io.leadscore.cli.spark;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables;
import io.leadscore.core.runs.JobSummary;
import io.leadscore.core.runs.spark.JobRunLog;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What schedule = on_drift reads: the latest monitor verdict in job_runs before the night. */
class LastMonitorVerdictTest {
  @TempDir
  Path dir;

  @Test
  void theLatestMonitorRunBeforeTheNightDecides() {
    var spark = SparkTestSession.get();
    Tables tables = Tables.at(dir.resolve("lake").toString());
    LocalDate d = LocalDate.of(2026, 11, 24);
    assertEquals(Optional.empty(), LastMonitorVerdict.before(spark, tables, d), "no job_runs yet");
    JobRunLog.append(spark, tables, "nightly", d.minusDays(2), Instant.now(), "degraded", null,
        new JobSummary().put("retrain_recommended", true));
    // a run without a monitor verdict (ingest alone) does not count
    JobRunLog.append(spark, tables, "ingest", d.minusDays(1), Instant.now(), "succeeded", null, new JobSummary());
    assertEquals(Optional.of(true), LastMonitorVerdict.before(spark, tables, d));
    JobRunLog.append(spark, tables, "monitor", d.minusDays(1), Instant.now(), "succeeded", null,
        new JobSummary().put("retrain_recommended", false));
    // tonight's own run is not "before"
    JobRunLog.append(spark, tables, "nightly", d, Instant.now(), "succeeded", null,
        new JobSummary().put("retrain_recommended", true));
    assertEquals(Optional.of(false), LastMonitorVerdict.before(spark, tables, d));
  }
}
