package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.core.runs.JobSummary;
import io.leadscore.scoring.ScoreResult;
import io.leadscore.scoring.writeback.Writeback;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Failed CRM batches in the summary (what job_runs and the report keep): counts by kind and batch keys only. */
class CrmFailureSummaryTest {
  @Test
  void theSummaryCountsFailuresByKindAndNamesBatchKeysOnly() {
    Writeback.Report report = new Writeback.Report(7, 3, 0, 0, 3, 2,
        Map.of("HTTP 400", 1, "partial answer: rows rejected", 1), List.of("k1a2b3", "k4d5e6"));
    ScoreResult r = ScoreResult.of(new ScoreResult.LeadCounts(10, Map.of(), Map.of(), Map.of()),
        new ScoreResult.TierSummary("rank", Map.of()), new ScoreResult.ModelVersions("1", null),
        new ScoreResult.CrmDelivery("http://127.0.0.1/api", 10, 0, 0, report), "http");
    JobSummary s = ScoreStage.crmFailures(new JobSummary(), r);
    String json = s.toJson();
    assertFalse(json.contains("crm_errors"), json);
    assertEquals(Map.of("HTTP 400", 1, "partial answer: rows rejected", 1), s.get("crm_error_kinds"));
    assertEquals(List.of("k1a2b3", "k4d5e6"), s.get("crm_failed_batches"));
    assertEquals(1, s.problems().size());
    String message = s.problems().get(0).message();
    assertTrue(message.startsWith("3 of 10 changed scores were not confirmed by the CRM. Failed batches by kind: "
        + "{HTTP 400=1, partial answer: rows rejected=1}."), message);
  }
}
