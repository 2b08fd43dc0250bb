package io.leadscore.monitoring.report;

import java.util.List;
import java.util.Map;

/**
 * The run the monitor belongs to, as far as it got: what the report shows beside the monitor's own findings
 * (status and problems so far, stage timings, the other stages' figures such as reconciliation and the
 * champion/challenger decision). {@code leadscore monitor} on its own has only itself to show.
 */
public record RunSnapshot(String command, String status, List<String> problems, Map<String, Double> stages,
                          Map<String, Object> figures) {
  public static RunSnapshot alone(String command) {
    return new RunSnapshot(command, "succeeded", List.of(), Map.of(), Map.of());
  }
}
