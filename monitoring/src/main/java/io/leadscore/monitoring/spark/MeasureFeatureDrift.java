package io.leadscore.monitoring.spark;

import static io.leadscore.core.Columns.AS_OF_DATE;
import static io.leadscore.core.Columns.LEAD_ID;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.monitoring.CurrentDistribution;
import io.leadscore.monitoring.FeatureDrift;
import io.leadscore.monitoring.MonitorSettings;
import io.leadscore.monitoring.PerDateInputs;
import io.leadscore.models.reference.FeatureReference;
import io.leadscore.models.reference.ReferenceDistributions;
import io.leadscore.models.registry.ModelCard;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Monitor step 3: each input of the champion, on the features tonight's leads were scored on, against its
 * training reference (PSI, KS, missing rates, unseen levels), ranked by the model's gain.
 */
final class MeasureFeatureDrift {
  /** The drift rows, and notes on the inputs that were not measured and why. */
  record Measured(List<FeatureDrift> drift, List<String> notes) {
    static final Measured NONE = new Measured(List.of(), List.of());
  }

  private final SparkSession spark;
  private final Tables tables;

  MeasureFeatureDrift(SparkSession spark, Tables tables) {
    this.spark = spark;
    this.tables = tables;
  }

  Measured run(LocalDate date, ModelCard card, ReferenceDistributions ref, Dataset<Row> tonight, MonitorSettings s) {
    Optional<Dataset<Row>> table = CountTonight.read(spark, tables, Table.FEATURES);
    if (table.isEmpty()) {
      return new Measured(List.of(), List.of("No features table: feature drift not measured."));
    }
    Dataset<Row> features = table.get();
    List<String> notes = new ArrayList<>();
    List<String> columns = Arrays.asList(features.columns());
    PerDateInputs perDate = new PerDateInputs(card.contract().catalog(), card.provenance().catalogVersion());
    List<String> inputs = List.copyOf(ref.features().keySet());
    List<String> skipped = perDate.skipped(inputs);
    notes.addAll(perDate.notes(inputs));
    Map<String, FeatureReference> wanted = new LinkedHashMap<>();
    ref.features().forEach((name, r) -> {
      if (skipped.contains(name)) {
        return;
      }
      if (columns.contains(name)) {
        wanted.put(name, r);
      } else {
        notes.add("Input '" + name + "' of " + card.label() + " is not a column of today's features: not monitored.");
      }
    });
    // the leads scored tonight, with the features they were scored on
    Dataset<Row> day = features.filter(col(AS_OF_DATE).equalTo(lit(Date.valueOf(date))))
        .join(tonight.select(LEAD_ID), new String[] {LEAD_ID}, "left_semi");
    Map<String, CurrentDistribution> current = DriftMeasure.measure(day, wanted, s.alerts().sampleSize(), date.toEpochDay());
    Map<String, Integer> rank = gainRank(card.contract().gainShare());
    List<FeatureDrift> out = new ArrayList<>();
    current.forEach((name, c) -> out.add(c.against(wanted.get(name), rank.getOrDefault(name, 0))));
    return new Measured(List.copyOf(out), List.copyOf(notes));
  }

  /** 1 = the input with the largest share of the model's gain. */
  static Map<String, Integer> gainRank(Map<String, Double> gainShare) {
    Map<String, Integer> out = new LinkedHashMap<>();
    gainShare.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()
            .thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> out.put(e.getKey(), out.size() + 1));
    return out;
  }
}
