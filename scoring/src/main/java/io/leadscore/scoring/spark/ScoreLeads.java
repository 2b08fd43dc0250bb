package io.leadscore.scoring.spark;

import static io.leadscore.core.Columns.ARM;
import static io.leadscore.core.Columns.LEAD_ID;
import static io.leadscore.core.Columns.PROBABILITY;
import static io.leadscore.core.Columns.SCORE_DATE;
import static org.apache.spark.sql.functions.*;

import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.scoring.ScoringSettings;
import io.leadscore.models.score.ArmRule;
import io.leadscore.models.score.TierRule;
import io.leadscore.models.score.TierSettings;
import io.leadscore.models.score.ScoringModel;
import io.leadscore.scoring.spark.ApplyConsent.EligibleLeads;
import io.leadscore.scoring.LoadModels.LoadedModels;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Scoring step 3: each eligible lead's arm, then probability, score, tier and reasons under the night's tier
 * rule, once every model's inputs are known to be there.
 */
final class ScoreLeads {
  /** The night's scores (lazy: not computed until written) and the tier rule they were tiered with. */
  record ScoredLeads(Dataset<Row> scores, TierRule tiers) {}

  private final SparkSession spark;
  private final FeatureCatalog catalog;

  ScoreLeads(SparkSession spark, FeatureCatalog catalog) {
    this.spark = spark;
    this.catalog = catalog;
  }

  ScoredLeads run(LocalDate date, EligibleLeads leads, LoadedModels models, ScoringSettings s, String runId) {
    Dataset<Row> eligible = leads.eligible().withColumn(ARM, arm(models.challengerShare(s)));
    List<String> arms = List.of(ScoreJob.CHAMPION, ScoreJob.CHALLENGER);
    ModelContracts.requireInputs(models.cards(), arms, eligible, date);
    if (s.outOfFold()) {
      eligible = OutOfFoldRoutes.route(spark, eligible, models.cards(), arms);
    }
    TierRule tiers = tierRule(eligible, models.models(), s);
    Dataset<Row> scores = BatchScoring.score(eligible, models.models(), catalog, s.reasons(), tiers, s.batchRows())
        .withColumn(SCORE_DATE, lit(Date.valueOf(date)))
        .withColumn("run_id", lit(runId))
        .withColumn("scored_at", current_timestamp());
    return new ScoredLeads(scores, tiers);
  }

  /**
   * The night's tier rule. Rank tiers need every lead's probability first: a first pass predicts without
   * SHAP contributions (about 20x cheaper than the pass with reasons), so reasons can follow the final tier.
   */
  private static TierRule tierRule(Dataset<Row> eligible, List<ScoringModel> models, ScoringSettings s) {
    if (s.tiers().mode() == TierSettings.Mode.PROBABILITY) {
      return s.tiers().probability();
    }
    List<Double> p = BatchScoring.score(eligible, models, null, s.reasons().withCount(0), s.tiers().probability(),
            s.batchRows())
        .select(PROBABILITY).as(Encoders.DOUBLE()).collectAsList();
    return s.tiers().rule(p.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /**
   * A stable arm per lead: the same lead stays in the same arm across runs while the share is unchanged.
   * {@link ArmRule} as a Spark column (the online scorer computes the same hash in plain Java).
   */
  static Column arm(double share) {
    if (share <= 0) {
      return lit(ScoreJob.CHAMPION);
    }
    return when(pmod(xxhash64(col(LEAD_ID), lit(ArmRule.SALT)), lit(ArmRule.BUCKETS))
        .lt(lit(ArmRule.threshold(share))), lit(ScoreJob.CHALLENGER)).otherwise(lit(ScoreJob.CHAMPION));
  }
}
