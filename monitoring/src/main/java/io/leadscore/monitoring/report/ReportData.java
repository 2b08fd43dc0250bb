package io.leadscore.monitoring.report;

import io.leadscore.monitoring.MonitorResult;
import io.leadscore.monitoring.RepLeaderboard;
import java.util.List;
import java.util.Map;

/**
 * Everything the nightly report shows: the run so far, the monitor's findings, and the champion's card
 * (metrics, decision) with its evaluation plots from its training run (PNG bytes by name; empty when the
 * training run's record is not found), and the reps' leaderboard (empty when nothing was routed).
 */
public record ReportData(RunSnapshot run, MonitorResult monitor, String championLabel,
                         Map<String, Double> championMetrics, String championDecision, Map<String, byte[]> plots,
                         Leaderboard leaderboard) {
  /**
   * The reps' rows (the team's last, see {@link RepLeaderboard#of}), the window in days and the SLA per tier as
   * the reader should read them ("A 24h").
   */
  public record Leaderboard(List<RepLeaderboard.Standing> rows, int windowDays, Map<String, String> sla) {
    public static final Leaderboard NONE = new Leaderboard(List.of(), 0, Map.of());
  }

  public ReportData(RunSnapshot run, MonitorResult monitor, String championLabel, Map<String, Double> championMetrics,
                    String championDecision, Map<String, byte[]> plots) {
    this(run, monitor, championLabel, championMetrics, championDecision, plots, Leaderboard.NONE);
  }
}
