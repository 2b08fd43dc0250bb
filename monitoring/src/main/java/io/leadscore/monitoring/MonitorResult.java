package io.leadscore.monitoring;

import io.leadscore.core.runs.Problem;
import java.util.List;
import java.util.Map;

/**
 * What a monitor run found: the drift rows, the score's drift and mix, the realised performance evaluated
 * tonight (and the trend so far), the alerts and whether a retrain is recommended; problems that stop parts
 * of the monitor (no champion, no reference, no scores) and where the report and the run record went.
 */
public record MonitorResult(String date, String modelVersion, ScoreMix scores, ScoreDrift scoreDrift,
                            List<FeatureDrift> drift, Realised performance, Findings findings, Outputs outputs) {
  /** Tonight's scores: how many, the tier mix, the score histogram (ten bins) and the most frequent first reasons. */
  public record ScoreMix(long scored, Map<String, Long> tierMix, long[] histogram,
                         List<Map.Entry<String, Long>> topReasons) {}

  /**
   * The score's drift.
   *
   * @param psi          tonight's scores against the champion's reference scores (NaN: no reference)
   * @param psiPrevious  tonight's scores against the previous score date's (NaN: none)
   * @param previousDate that previous score date (null: none)
   * @param previousMix  its tier mix
   */
  public record ScoreDrift(double psi, double psiPrevious, String previousDate, Map<String, Long> previousMix) {}

  /**
   * @param evaluated performance rows evaluated tonight (their horizon closed)
   * @param trend     every performance row in the table, oldest score date first
   */
  public record Realised(List<PerformanceRow> evaluated, List<PerformanceRow> trend) {}

  /** What the night calls for: alerts, problems (which degrade the run) and notes for the reader. */
  public record Findings(List<Alert> alerts, List<Problem> problems, List<String> notes) {}

  /**
   * Where the HTML report and the monitoring run record went (null before they are written), and what a
   * configured MLflow server did not get ({@code trackingUndelivered}, empty when nothing is owed).
   */
  public record Outputs(String reportPath, String tracking, List<String> trackingUndelivered) {
    public Outputs(String reportPath, String tracking) {
      this(reportPath, tracking, List.of());
    }
  }

  /** The same result with these problems. */
  public MonitorResult withProblems(List<Problem> problems) {
    return new MonitorResult(date, modelVersion, scores, scoreDrift, drift, performance,
        new Findings(findings.alerts(), List.copyOf(problems), findings.notes()), outputs);
  }

  /** The same result with where the report and the run record went. */
  public MonitorResult withOutputs(String reportPath, String tracking, List<String> trackingUndelivered) {
    return new MonitorResult(date, modelVersion, scores, scoreDrift, drift, performance, findings,
        new Outputs(reportPath, tracking, List.copyOf(trackingUndelivered)));
  }

  /**
   * True when an alert says the model no longer fits the leads (feature or score drift, realised AUC decay);
   * KS and missing-rate alerts alone point at the data first.
   */
  public boolean retrainRecommended() {
    return alerts().stream().anyMatch(a -> a.kind().equals(Alert.FEATURE_DRIFT)
        || a.kind().equals(Alert.SCORE_DRIFT) || a.kind().equals(Alert.AUC_DECAY));
  }

  public long scored() {
    return scores.scored();
  }

  public Map<String, Long> tierMix() {
    return scores.tierMix();
  }

  public long[] scoreHistogram() {
    return scores.histogram();
  }

  public List<Map.Entry<String, Long>> topReasons() {
    return scores.topReasons();
  }

  public double scorePsi() {
    return scoreDrift.psi();
  }

  public double scorePsiPrevious() {
    return scoreDrift.psiPrevious();
  }

  public String previousDate() {
    return scoreDrift.previousDate();
  }

  public Map<String, Long> previousTierMix() {
    return scoreDrift.previousMix();
  }

  public List<PerformanceRow> evaluated() {
    return performance.evaluated();
  }

  public List<PerformanceRow> trend() {
    return performance.trend();
  }

  public List<Alert> alerts() {
    return findings.alerts();
  }

  public List<Problem> problems() {
    return findings.problems();
  }

  public List<String> notes() {
    return findings.notes();
  }

  public String reportPath() {
    return outputs.reportPath();
  }

  public String tracking() {
    return outputs.tracking();
  }

  /** What the configured MLflow server did not get of tonight's monitoring run (empty: nothing owed). */
  public List<String> trackingUndelivered() {
    return outputs.trackingUndelivered() == null ? List.of() : outputs.trackingUndelivered();
  }
}
