package io.leadscore.scoring.sink;

import java.util.Iterator;
import java.util.List;

/** Delivers changed lead scores to the CRM. Delivery is idempotent: a batch may be offered again safely. */
public interface CrmSink {
  /** One lead's update as the CRM sees it. */
  record ScoreUpdate(String leadId, int score, String tier, List<String> reasons, String modelVersion) {}

  /** What a delivery achieved. */
  record Delivery(long delivered, long failed, String target) {}

  Delivery deliver(String runId, Iterator<ScoreUpdate> updates);
}
