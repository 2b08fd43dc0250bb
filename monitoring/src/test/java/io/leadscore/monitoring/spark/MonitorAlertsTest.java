package io.leadscore.monitoring.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.Tables.Table;
import io.leadscore.core.runs.Problem;
import io.leadscore.monitoring.Alert;
import io.leadscore.monitoring.MonitorResult;
import io.leadscore.monitoring.MonitorSettings;
import io.leadscore.monitoring.PerformanceRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor stage on {@link MonitorWorld}: nights after the traffic mix shifted raise the feature-drift alert on
 * {@code lead_source} and the score-drift alert; score dates whose conversions stopped following the model show AUC
 * decay in {@code gold/performance} once their horizon has closed.
 */
class MonitorAlertsTest extends MonitorWorld {

  @Test
  void aShiftedTrafficMixRaisesFeatureAndScoreDriftAlerts(@TempDir Path tmp) {
    World w = world.copy(tmp);
    LocalDate d = FIRST.plusDays(10);
    MonitorResult r = w.monitor(d, settings(Map.of()));
    Map<String, Set<String>> byKind = r.alerts().stream().collect(Collectors.groupingBy(Alert::kind,
        Collectors.mapping(Alert::subject, Collectors.toCollection(TreeSet::new))));
    assertEquals(Set.of("lead_source"), byKind.get(Alert.FEATURE_DRIFT), String.valueOf(r.alerts()));
    assertEquals(Set.of("score"), byKind.get(Alert.SCORE_DRIFT), String.valueOf(r.alerts()));
    // the inputs the shift does not touch stay quiet in every test
    for (String quiet : List.of("seniority", "lead_age_days", "days_since_last_touch")) {
      assertTrue(r.alerts().stream().noneMatch(a -> a.subject().equals(quiet)), quiet + ": " + r.alerts());
    }
    assertTrue(r.retrainRecommended());
    assertEquals(List.of(), r.problems(), "severity warn: alerts are not problems");
    Row source = SPARK.read().format("delta").load(w.tables().path(Table.DRIFT))
        .filter(col("date").equalTo(Date.valueOf(d)).and(col("feature").equalTo("lead_source"))).first();
    assertTrue(source.<Double>getAs("psi") > 0.25, "psi in gold/drift " + source);
    assertEquals("categorical", source.getAs("kind"));

    // the next night, with severity fail: the same alerts make the run degraded, and a rerun keeps one partition
    MonitorSettings fail = settings(Map.of("leadscore.monitor.severity", "fail"));
    MonitorResult next = w.monitor(d.plusDays(1), fail);
    MonitorResult again = w.monitor(d.plusDays(1), fail);
    assertTrue(next.problems().stream().anyMatch(p -> p.kind().equals(Problem.ALERT)
        && p.subject().equals("lead_source")), String.valueOf(next.problems()));
    assertEquals(next.alerts(), again.alerts());
    assertEquals(LeadWorld.FEATURES.size() - LeadWorld.PER_DATE.size() + 2,
        SPARK.read().format("delta").load(w.tables().path(Table.DRIFT))
        .filter(col("date").equalTo(Date.valueOf(d.plusDays(1)))).count());
  }

  @Test
  void aChangedConversionMechanismShowsAucDecayOnceTheHorizonHasClosed(@TempDir Path tmp) throws Exception {
    World w = world.copy(tmp);
    MonitorResult r = w.monitor(LATER, settings(Map.of()));
    assertEquals(NIGHTS, r.evaluated().size(), "every score date up to night 12 has closed its horizon");
    Map<String, PerformanceRow> byDate = r.evaluated().stream()
        .collect(Collectors.toMap(PerformanceRow::scoreDate, p -> p));
    Set<String> decayed = r.alerts().stream().filter(a -> a.kind().equals(Alert.AUC_DECAY))
        .map(a -> a.subject().split(" ")[0]).collect(Collectors.toCollection(TreeSet::new));
    Set<String> changed = CHANGED.stream().map(n -> FIRST.plusDays(n).toString())
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(changed, decayed, "decay exactly on the changed score dates: " + byDate);
    for (int night = 0; night < NIGHTS; night++) {
      PerformanceRow p = byDate.get(FIRST.plusDays(night).toString());
      assertEquals(LEADS, p.n());
      assertEquals(holdoutAuc, p.baselineAuc(), 1e-12);
      if (CHANGED.contains(night)) {
        assertTrue(p.auc() < holdoutAuc - 0.1, "night " + night + " " + p);
      } else {
        assertTrue(Math.abs(p.auc() - holdoutAuc) < 0.05, "night " + night + " " + p);
      }
    }
    List<Row> table = SPARK.read().format("delta").load(w.tables().path(Table.PERFORMANCE)).collectAsList();
    assertEquals(NIGHTS, table.size());
    // a rerun of the same night replaces what it wrote; a later night does not evaluate the same dates again
    assertEquals(NIGHTS, w.monitor(LATER, settings(Map.of())).evaluated().size());
    assertEquals(NIGHTS, SPARK.read().format("delta").load(w.tables().path(Table.PERFORMANCE)).count());
    assertEquals(NIGHTS, r.trend().size());
    String keep = System.getProperty("leadscore.report.keep");
    if (keep != null) {
      // the README's screenshot is taken from this report (drift, decay and the trend in one page)
      Files.copy(Path.of(r.reportPath()), Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

}
