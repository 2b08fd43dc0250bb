package io.leadscore.monitoring.spark;

import static io.leadscore.core.Columns.PROBABILITY;
import static io.leadscore.core.Columns.SCORE_DATE;
import static io.leadscore.core.Columns.TIER;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.leadscore.monitoring.Psi;
import io.leadscore.models.reference.FeatureReference;
import io.leadscore.models.reference.ReferenceDistributions;
import io.leadscore.models.registry.ModelCard;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Monitor step 4: tonight's scores against the champion's reference scores and against the previous score date's,
 * that date's tier mix, and tonight's most frequent first reasons.
 */
final class MeasureScoreDrift {
  /** How many first reasons the report lists. */
  static final int TOP_REASONS = 10;

  /**
   * @param psi          against the holdout (NaN: no reference)
   * @param psiPrevious  against the previous score date (NaN: none, or no reference)
   * @param previousDate that date (empty: none)
   */
  record ScoreDrift(double psi, double psiPrevious, Optional<LocalDate> previousDate, Map<String, Long> previousMix,
                    List<Map.Entry<String, Long>> topReasons) {
    static final ScoreDrift NONE = new ScoreDrift(Double.NaN, Double.NaN, Optional.empty(), Map.of(), List.of());
  }

  ScoreDrift run(LocalDate date, Dataset<Row> all, Dataset<Row> tonight, Optional<ModelCard> champion,
                 Optional<ReferenceDistributions> reference, String reasonLanguage) {
    List<Map.Entry<String, Long>> topReasons = TopReasons.byFamily(tonight, champion, reasonLanguage, TOP_REASONS);
    Row latest = all.filter(col(SCORE_DATE).lt(lit(Date.valueOf(date)))).agg(max(SCORE_DATE)).first();
    Optional<LocalDate> previousDate = latest.isNullAt(0) ? Optional.empty()
        : Optional.of(latest.getDate(0).toLocalDate());
    Optional<Dataset<Row>> previous = previousDate.map(d -> all.filter(col(SCORE_DATE).equalTo(lit(Date.valueOf(d)))));
    Map<String, Long> previousMix = previous.map(MeasureScoreDrift::tierMix).orElseGet(TreeMap::new);
    double psi = Double.NaN;
    double psiPrevious = Double.NaN;
    if (reference.isPresent()) {
      // the holdout's score distribution, binned as the reference bins it, measured on the probability column
      FeatureReference sr = reference.get().scores();
      Map<String, FeatureReference> one = Map.of(PROBABILITY, new FeatureReference(PROBABILITY, false, sr.edges(),
          sr.counts(), sr.rows(), sr.missing(), sr.sample()));
      long[] tonightBins = DriftMeasure.measure(tonight, one, 0, 1).get(PROBABILITY).counts();
      psi = Psi.of(sr.counts(), tonightBins);
      if (previous.isPresent()) {
        psiPrevious = Psi.of(DriftMeasure.measure(previous.get(), one, 0, 1).get(PROBABILITY).counts(), tonightBins);
      }
    }
    return new ScoreDrift(psi, psiPrevious, previousDate, previousMix, topReasons);
  }

  private static Map<String, Long> tierMix(Dataset<Row> scores) {
    Map<String, Long> out = new TreeMap<>();
    scores.groupBy(TIER).count().collectAsList()
        .forEach(r -> out.put(r.isNullAt(0) ? CountTonight.NO_TIER : r.get(0).toString(), r.getLong(1)));
    return out;
  }
}
