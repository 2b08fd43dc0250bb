package io.leadscore.monitoring.report;

import io.leadscore.monitoring.MonitorResult;
import java.util.Map;

/**
 * Everything the nightly report shows: the run so far, the monitor's findings, and the champion's card
 * (metrics, decision) with its evaluation plots from its training run (PNG bytes by name; empty when the
 * training run's record is not found).
 */
public record ReportData(RunSnapshot run, MonitorResult monitor, String championLabel,
                         Map<String, Double> championMetrics, String championDecision, Map<String, byte[]> plots) {}
