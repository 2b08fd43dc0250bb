package io.leadscore.scoring;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.runs.Problem;
import io.leadscore.scoring.writeback.Writeback;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The score result names what makes the run degraded, from its own figures (plain Java, no Spark). */
class ScoreProblemsTest {
  static final Writeback.Report DELIVERED = new Writeback.Report(5, 0, 0, 0, 1, 0, Map.of(), List.of());

  static ScoreResult result(long scored, Map<String, Long> notScored, Writeback.Report report) {
    return ScoreResult.of(new ScoreResult.LeadCounts(scored, Map.of(), Map.of(), new TreeMap<>(notScored)),
        new ScoreResult.TierSummary("rank", Map.of()), new ScoreResult.ModelVersions("1", null),
        new ScoreResult.CrmDelivery("outbox", 5, 0, 0, report), "csv");
  }

  @Test
  void aRunThatScoredAndDeliveredHasNoProblem() {
    assertEquals(List.of(), result(5, Map.of("no_features", 2L, "lost", 3L), DELIVERED).problems());
  }

  @Test
  void openLeadsAndNothingScoredIsAProblemButOnlyClosedOrBlockedLeadsIsNot() {
    ScoreResult missed = result(0, Map.of("no_features", 4L, "converted", 2L), DELIVERED);
    assertEquals(1, missed.problems().size());
    Problem p = missed.problems().get(0);
    assertEquals(Problem.NOTHING_SCORED, p.kind());
    assertEquals("4 open leads, none scored (not scored by reason: {converted=2, no_features=4}). Run `leadscore "
        + "features` for the batch date first", p.message());

    ScoreResult rightly = result(0, Map.of("converted", 2L, "lost", 1L, "no_consent", 3L,
        "created_after_batch_date", 1L), DELIVERED);
    assertEquals(List.of(), rightly.problems(), "every lead is closed, not yet created or may not be scored");
  }

  @Test
  void unconfirmedAndPendingCrmBatchesAreProblemsNamingTheSink() {
    Writeback.Report report = new Writeback.Report(5, 1, 3, 1, 1, 1, Map.of("HTTP 500", 1), List.of("k1"));
    List<Problem> problems = result(5, Map.of(), report).problems();
    assertEquals(List.of(Problem.CRM_FAILED, Problem.CRM_PENDING), problems.stream().map(Problem::kind).toList());
    assertEquals("csv outbox", problems.get(0).subject());
  }

  @Test
  void eachReasonKnowsWhetherItLeavesAnOpenLeadUnscored() {
    assertEquals("created_after_batch_date", NotScoredReason.CREATED_AFTER_BATCH_DATE.key());
    assertTrue(NotScoredReason.open("no_features"));
    assertFalse(NotScoredReason.open("no_consent"));
    assertTrue(NotScoredReason.open("a reason added later"), "an unknown reason is not taken as closed");
  }
}
