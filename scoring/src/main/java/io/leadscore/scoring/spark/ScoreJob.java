package io.leadscore.scoring.spark;

import static io.leadscore.core.Columns.LEAD_ID;

import io.leadscore.core.Tables;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.scoring.ScoreResult;
import io.leadscore.scoring.ScoringSettings;
import io.leadscore.models.score.TierRates;
import io.leadscore.scoring.sink.CrmSink;
import io.leadscore.scoring.spark.ApplyConsent.EligibleLeads;
import io.leadscore.scoring.spark.CountNotScored.NotScored;
import io.leadscore.scoring.LoadModels;
import io.leadscore.scoring.LoadModels.LoadedModels;
import io.leadscore.scoring.spark.ScoreLeads.ScoredLeads;
import io.leadscore.scoring.spark.WriteScores.WrittenScores;
import io.leadscore.models.registry.ModelRegistry;
import io.leadscore.models.score.ArmRule;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

/**
 * Scores every open lead of the batch date with the champion (and, when a split is configured, a stable
 * share with the challenger): probability, score, tier and reasons; writes {@code lead_scores} (replacing
 * that date only), then delivers through {@link CrmWriteback} the leads whose score, tier or reasons changed
 * since the last delivery, and clears for leads that may no longer be profiled. Consent is taken as of the
 * run (every change ingested so far), not as of the batch date. Leads not scored are counted by reason, so
 * scored + not scored = every lead in silver.
 */
public final class ScoreJob {
  static final String CHAMPION = ArmRule.CHAMPION;
  static final String CHALLENGER = ArmRule.CHALLENGER;

  private final SparkSession spark;
  private final Tables tables;
  private final FeatureCatalog catalog;
  private final ModelRegistry registry;

  private String outcomeColumn;
  private String keyColumn = LEAD_ID;

  public ScoreJob(SparkSession spark, Tables tables, FeatureCatalog catalog, ModelRegistry registry) {
    this.spark = spark;
    this.tables = tables;
    this.catalog = catalog;
    this.registry = registry;
  }

  /** For a static labelled export: the silver column that says a lead already converted. */
  public ScoreJob outcomeColumn(String column) {
    this.outcomeColumn = column;
    return this;
  }

  /**
   * For a source whose business key is not called {@code lead_id}: the silver column the features stage
   * mapped onto the canonical {@code lead_id}.
   */
  public ScoreJob keyColumn(String column) {
    this.keyColumn = column == null ? LEAD_ID : column;
    return this;
  }

  /**
   * Loads the models, keeps the leads that may be profiled, scores them, writes {@code lead_scores}, counts
   * the leads not scored and delivers the changes to the CRM.
   */
  public ScoreResult run(LocalDate date, ScoringSettings s, CrmSink sink, String runId) {
    LoadedModels models = new LoadModels(tables, catalog, registry, ModelContracts.boosters(tables.modelsDir())).run(s);
    EligibleLeads leads = new ApplyConsent(spark, tables, keyColumn).run(date, s);
    try {
      ScoredLeads scores = new ScoreLeads(spark, catalog).run(date, leads, models, s, runId);
      WrittenScores written = new WriteScores(spark, tables).run(date, scores);
      NotScored notScored = new CountNotScored(spark, tables, outcomeColumn, keyColumn).run(date, leads);
      CrmWriteback.Result delivery = new CrmWriteback(spark, tables, s.writeback(), runId)
          .deliver(sink, date, written.rows(), leads.blocked());
      return summary(models, written, notScored, delivery, sink, s);
    } finally {
      leads.release();
    }
  }

  private static ScoreResult summary(LoadedModels models, WrittenScores written, NotScored notScored,
                                     CrmWriteback.Result delivery, CrmSink sink, ScoringSettings s) {
    return ScoreResult.of(
        new ScoreResult.LeadCounts(written.scored(), written.byTier(), written.byArm(), notScored.byReason()),
        new ScoreResult.TierSummary(s.tiers().mode().key(), TierRates.fromCard(models.champion().metrics(),
            s.tiers())),
        new ScoreResult.ModelVersions(models.champion().version() + "",
            models.challenger().map(c -> c.version() + "").orElse(null)),
        new ScoreResult.CrmDelivery(sink.target(), delivery.changed(), delivery.heldBack(), delivery.cleared(),
            delivery.report()), s.sink());
  }
}
