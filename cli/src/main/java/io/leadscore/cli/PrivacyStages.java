package io.leadscore.cli;

import io.leadscore.ingest.privacy.PrivacySettings;
import io.leadscore.ingest.SourceMapping;
import io.leadscore.ingest.privacy.ErasureResult;
import io.leadscore.ingest.privacy.spark.LeadEraser;
import io.leadscore.ingest.privacy.spark.RetentionPurge;
import io.leadscore.core.runs.JobSummary;
import java.util.List;

/** The erase and purge stages: thin, they build the eraser from the context and report its figures. */
final class PrivacyStages {
  private PrivacyStages() {}

  static LeadEraser eraser(Context ctx) {
    PrivacySettings p = PrivacySettings.from(ctx.config);
    return new LeadEraser(ctx.spark(), ctx.tables, SourceMapping.all(ctx.config), p.piiSalt()).crm(new CrmClear(ctx));
  }

  /** {@code leadscore erase}: the figures carry counts only, never a lead id (job_runs keeps the summary). */
  static Stage erase(List<String> leadIds, String reason) {
    return new Stage() {
      @Override
      public String name() {
        return "erase";
      }

      @Override
      public JobSummary run(Context ctx) {
        ErasureResult r = eraser(ctx).erase(leadIds, "erase", reason, ctx.runId);
        JobSummary s = figures(new JobSummary(), "erased", r);
        if (r.crmError() != null) {
          throw new io.leadscore.core.LeadscoreException("the leads are erased from every table, but the CRM "
              + "clear failed: " + r.crmError() + ". Their crm_sync and crm_pending rows are kept: run the same erase "
              + "again to retry the clear");
        }
        return s;
      }
    };
  }

  /** {@code leadscore purge} and the nightly's purge stage: lead retention and bronze retention, with VACUUM. */
  static final Stage PURGE = new Stage() {
    @Override
    public String name() {
      return "purge";
    }

    @Override
    public JobSummary run(Context ctx) {
      PrivacySettings p = PrivacySettings.from(ctx.config);
      RetentionPurge.Result r = new RetentionPurge(ctx.spark(), ctx.tables, eraser(ctx))
          .run(ctx.date, p.retentionMonths(), ctx.config.getInt("leadscore.ingest.bronze_retention_days"), ctx.runId);
      JobSummary s = figures(new JobSummary(), "purged", r.leads())
          .put("retention_cutoff", r.leadCutoff() == null ? "keep" : r.leadCutoff().toString())
          .put("bronze_cutoff", r.bronzeCutoff() == null ? "keep" : r.bronzeCutoff().toString())
          .put("bronze_rows_purged", r.bronzeRows()).put("quarantine_rows_purged", r.quarantineRows())
          .put("vacuumed", r.vacuumed());
      if (r.leads().crmError() != null) {
        throw new io.leadscore.core.LeadscoreException("stale leads are purged from every table, but the CRM "
            + "clear failed: " + r.leads().crmError() + ". Their crm_sync and crm_pending rows are kept: the next purge "
            + "retries");
      }
      return s;
    }
  };

  private static JobSummary figures(JobSummary s, String verb, ErasureResult r) {
    return s.put(verb + "_requested", r.requested()).put(verb + "_leads", r.found())
        .put(verb + "_rows", r.totalRows()).put(verb + "_rows_by_table", r.rows())
        .put("crm_cleared", r.crmCleared()).put("vacuumed_tables", r.vacuumed());
  }
}
