package io.leadscore.monitoring.spark;

import io.leadscore.core.Tables;
import io.leadscore.monitoring.MonitorSettings;
import io.leadscore.monitoring.PerformanceRow;
import io.leadscore.models.registry.ModelRegistry;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * Monitor step 5: the realised performance of the score dates whose horizon closed by tonight, against each
 * model version's holdout AUC, written to {@code gold/performance}; and the whole trend for the report.
 */
final class EvaluatePerformance {
  /** The rows evaluated tonight and the trend (both empty, with a note why, when nothing could be measured). */
  record Realised(List<PerformanceRow> evaluated, List<PerformanceRow> trend, List<String> notes) {}

  private final SparkSession spark;
  private final Tables tables;
  private final ModelRegistry registry;

  EvaluatePerformance(SparkSession spark, Tables tables, ModelRegistry registry) {
    this.spark = spark;
    this.tables = tables;
    this.registry = registry;
  }

  /** @param scoresExist whether {@code lead_scores} was ever written */
  Realised run(LocalDate date, int horizonDays, MonitorSettings.Performance s, boolean scoresExist) {
    PerformanceTable performance = new PerformanceTable(spark, tables);
    Optional<String> unavailable = scoresExist ? performance.unavailable() : Optional.of("no lead_scores table yet");
    if (unavailable.isPresent()) {
      String note = "Realised performance not measured: " + unavailable.get() + ".";
      return new Realised(List.of(), List.of(), List.of(note));
    }
    Map<String, Double> baseline = new LinkedHashMap<>();
    registry.versions().forEach(c -> baseline.put(String.valueOf(c.version()),
        c.metrics().getOrDefault("holdout_auc", Double.NaN)));
    List<PerformanceRow> evaluated = performance.evaluate(date, horizonDays, s,
        v -> baseline.getOrDefault(v, Double.NaN));
    return new Realised(evaluated, performance.all(), List.of());
  }
}
