package io.leadscore.monitoring.spark;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.Tables.Table;
import io.leadscore.core.runs.Problem;
import io.leadscore.monitoring.MonitorResult;
import io.leadscore.models.reference.ReferenceDistributions;
import io.leadscore.models.tracking.RunRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor stage on {@link MonitorWorld}: two quiet nights raise no alert (inputs set per date judged by their
 * definition) and leave one drift partition and one monitoring run each, and a champion without reference
 * distributions is a problem, not a crash. Ten generated nights through the real nightly: cli's QuietNightsTest.
 */
class MonitorJobTest extends MonitorWorld {

  @Test
  void quietNightsRaiseNoAlert(@TempDir Path tmp) throws Exception {
    World w = world.copy(tmp);
    // the inputs with one value per date (quarter_end_days, month_of_year) differ from the training dates' on every
    // night by construction (KS 1.000): they are judged by their definition, not drift-tested (and so is
    // industry_affinity, one value per industry and date in the standard catalogue)
    int tested = LeadWorld.FEATURES.size() - LeadWorld.PER_DATE.size();
    for (int night = 0; night < 2; night++) {
      LocalDate d = FIRST.plusDays(night);
      MonitorResult r = w.monitor(d, settings(Map.of()));
      assertEquals(List.of(), r.alerts(), "night " + d + ": " + r.drift());
      assertEquals(List.of(), r.problems(), "night " + d);
      assertEquals(LEADS, r.scored());
      assertEquals(tested, r.drift().size());
      assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("Not drift-tested") && n.contains("quarter_end_days")),
          String.valueOf(r.notes()));
      assertTrue(r.scorePsi() < 0.1, "score PSI " + r.scorePsi());
      assertFalse(r.retrainRecommended());
      // no score date has closed its horizon yet
      assertEquals(List.of(), r.evaluated());
      assertTrue(Files.isRegularFile(Path.of(r.reportPath())), r.reportPath());
    }
    // one gold/drift partition per night: a row per feature plus the score's (and the previous night's after the
    // first night)
    List<Row> counts = SPARK.read().format("delta").load(w.tables().path(Table.DRIFT)).groupBy("date").count()
        .orderBy("date").collectAsList();
    assertEquals(2, counts.size());
    assertEquals(tested + 1, counts.get(0).getLong(1));
    assertEquals(tested + 2, counts.get(1).getLong(1));
    // each night is a monitoring run with its metrics and the report as an artifact
    List<RunRecorder.StoredRun> runs = RunRecorder.at(w.tables().monitoringRunsDir(), Optional.empty()).list();
    assertEquals(2, runs.size());
    assertFalse(Double.isNaN(runs.get(0).run().metric("score_psi")));
    assertFalse(Double.isNaN(runs.get(0).run().metric("psi.lead_source")));
    assertTrue(runs.get(0).run().artifacts().stream().anyMatch(a -> a.startsWith("report/") && a.endsWith(".html")));
  }

  @Test
  void aChampionWithoutReferenceIsAProblemNotACrash(@TempDir Path tmp) throws Exception {
    World w = world.copy(tmp);
    Files.delete(Path.of(ReferenceDistributions.path(w.champion().path())));
    MonitorResult r = w.monitor(FIRST, settings(Map.of()));
    assertEquals(List.of("monitor_no_reference"), r.problems().stream().map(Problem::kind).toList());
    assertTrue(r.problems().get(0).message().contains("Retrain (`leadscore train`)"), r.problems().get(0).message());
    assertEquals(List.of(), r.drift());
    assertTrue(Files.isRegularFile(Path.of(r.reportPath())));
  }
}
