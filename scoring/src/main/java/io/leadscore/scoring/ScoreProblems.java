package io.leadscore.scoring;

import io.leadscore.core.runs.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What makes a scoring run degraded: undelivered CRM batches, or open leads and nothing scored. */
final class ScoreProblems {
  private ScoreProblems() {}

  /** @param sink the configured sink's name ("csv", "http", "jdbc"), which the problems name with its target */
  static List<Problem> of(ScoreResult.LeadCounts leads, ScoreResult.CrmDelivery crm, String sink) {
    List<Problem> out = new ArrayList<>();
    String target = sink + " " + crm.target();
    Map<String, Integer> kinds = crm.report().errorKinds();
    String errors = kinds.isEmpty() ? "" : " Failed batches by kind: " + kinds + ".";
    if (crm.report().failed() > 0) {
      out.add(Problem.of(Problem.CRM_FAILED, target, String.format("%d of %d changed scores were not confirmed by "
          + "the CRM.%s They are offered again on the next run; fix the sink (see crm_error_kinds and crm_failed_batches) and run "
          + "`leadscore score` again", crm.report().failed(), crm.changed(), errors)));
    }
    if (crm.report().pending() > 0) {
      out.add(Problem.of(Problem.CRM_PENDING, target, String.format("%d changed scores were not sent (the error "
          + "budget leadscore.writeback.error_budget was spent); they go out on the next run", crm.report().pending())));
    }
    long open = leads.notScored().entrySet().stream().filter(e -> NotScoredReason.open(e.getKey()))
        .mapToLong(Map.Entry::getValue).sum();
    if (leads.scored() == 0 && open > 0) {
      out.add(Problem.of(Problem.NOTHING_SCORED, "lead_scores", String.format("%d open leads, none scored (not "
          + "scored by reason: %s). Run `leadscore features` for the batch date first", open, leads.notScored())));
    }
    return out;
  }
}
