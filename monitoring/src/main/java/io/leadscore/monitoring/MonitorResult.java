package io.leadscore.monitoring;

import io.leadscore.core.runs.Problem;
import java.util.List;
import java.util.Map;

/**
 * What a monitor run found: the drift rows, the score's drift and mix, the realised performance evaluated
 * tonight (and the trend so far), the alerts and whether a retrain is recommended; problems that stop parts
 * of the monitor (no champion, no reference, no scores) and where the report and the run record went.
 *
 * @param scorePsi         tonight's scores against the champion's holdout scores (NaN: no reference)
 * @param scorePsiPrevious tonight's scores against the previous score date's (NaN: none)
 * @param evaluated        performance rows evaluated tonight (their horizon closed)
 * @param trend            every performance row in the table, oldest score date first
 */
public record MonitorResult(String date, String modelVersion, long scored, List<FeatureDrift> drift, double scorePsi,
                            double scorePsiPrevious, String previousDate, Map<String, Long> tierMix,
                            Map<String, Long> previousTierMix, long[] scoreHistogram,
                            List<Map.Entry<String, Long>> topReasons, List<PerformanceRow> evaluated,
                            List<PerformanceRow> trend, List<Alert> alerts, List<Problem> problems,
                            List<String> notes, String reportPath, String tracking) {
  /**
   * True when an alert says the model no longer fits the leads (feature or score drift, realised AUC decay);
   * KS and missing-rate alerts alone point at the data first.
   */
  public boolean retrainRecommended() {
    return alerts.stream().anyMatch(a -> a.kind().equals(Alert.FEATURE_DRIFT) || a.kind().equals(Alert.SCORE_DRIFT)
        || a.kind().equals(Alert.AUC_DECAY));
  }
}
