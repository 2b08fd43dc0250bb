package io.leadscore.scoring.spark;

import static org.apache.spark.sql.functions.*;

import io.leadscore.core.LeadscoreException;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.ingest.consent.spark.Consent;
import io.leadscore.scoring.ScoreResult;
import io.leadscore.scoring.ScoringSettings;
import io.leadscore.scoring.TierRates;
import io.leadscore.scoring.TierRule;
import io.leadscore.scoring.TierSettings;
import io.leadscore.scoring.model.ScoringModel;
import io.leadscore.scoring.sink.CrmSink;
import io.leadscore.scoring.writeback.Writeback;
import io.leadscore.training.registry.ModelCard;
import io.leadscore.training.registry.ModelRegistry;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
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
  static final String CHAMPION = "champion";
  static final String CHALLENGER = "challenger";

  private final SparkSession spark;
  private final Tables tables;
  private final FeatureCatalog catalog;
  private final ModelRegistry registry;

  private String outcomeColumn;
  private String keyColumn = "lead_id";

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
    this.keyColumn = column == null ? "lead_id" : column;
    return this;
  }

  public ScoreResult run(LocalDate date, ScoringSettings s, CrmSink sink, String runId) {
    ModelCard champion = registry.champion().orElseThrow(() -> LeadscoreException.of(
        "No champion model in %s: run `leadscore train` first", tables.modelsDir()));
    Optional<ModelCard> challenger = s.challengerShare() > 0 ? challenger(champion) : Optional.empty();
    List<ScoringModel> models = new ArrayList<>(ModelContracts.loadAll(champion, CHAMPION, catalog,
        tables.modelsDir(), s.outOfFold()));
    challenger.ifPresent(c -> models.addAll(ModelContracts.loadAll(c, CHALLENGER, catalog, tables.modelsDir(),
        s.outOfFold())));

    Date d = Date.valueOf(date);
    Dataset<Row> features = spark.read().format("delta").load(tables.path(Table.FEATURES))
        .filter(col("as_of_date").equalTo(lit(d)));
    Dataset<Row> optedOut = Consent.optedOut(spark, tables, features.select("lead_id", "as_of_date"));
    // every consent change ingested up to now counts, not only those before D: an opt-out received since
    // midnight is honoured by this run (features of D still use consent as of D, for point-in-time)
    Dataset<Row> blocked = Consent.blockedAtRun(spark, tables,
        silverLeads().select("lead_id"), Instant.now(),
        s.consentMaxAgeDays()).cache();
    try {
      Dataset<Row> eligible = features.join(optedOut, new String[] {"lead_id", "as_of_date"}, "left_anti")
          .join(blocked.select("lead_id"), new String[] {"lead_id"}, "left_anti")
          .withColumn("arm", arm(challenger.isPresent() ? s.challengerShare() : 0));
      List<ModelCard> cards = new ArrayList<>(List.of(champion));
      challenger.ifPresent(cards::add);
      ModelContracts.requireInputs(cards, List.of(CHAMPION, CHALLENGER), eligible, date);
      if (s.outOfFold()) {
        eligible = OutOfFoldRoutes.route(spark, eligible, cards, List.of(CHAMPION, CHALLENGER));
      }

      TierRule tiers = tierRule(eligible, models, s);
      Dataset<Row> scores = BatchScoring.score(eligible, models, catalog, s.reasons(), tiers, s.batchRows())
          .withColumn("score_date", lit(d))
          .withColumn("run_id", lit(runId))
          .withColumn("scored_at", current_timestamp());
      // mergeSchema: lead_scores written before the action column existed takes it on
      scores.write().format("delta").mode(SaveMode.Overwrite).partitionBy("score_date")
          .option("replaceWhere", "score_date = '" + date + "'").option("mergeSchema", "true")
          .save(tables.path(Table.LEAD_SCORES));
      Dataset<Row> written = spark.read().format("delta").load(tables.path(Table.LEAD_SCORES))
          .filter(col("score_date").equalTo(lit(d)));

      Map<String, Long> byTier = new TreeMap<>();
      Map<String, Long> byArm = new TreeMap<>();
      long scored = 0;
      for (Row r : written.groupBy("tier", "arm").count().collectAsList()) {
        byTier.merge(r.getString(0), r.getLong(2), Long::sum);
        byArm.merge(r.getString(1), r.getLong(2), Long::sum);
        scored += r.getLong(2);
      }
      Dataset<Row> noConsent = features.select("lead_id").join(blocked, new String[] {"lead_id"}, "left_semi")
          .union(optedOut.select("lead_id")).distinct();
      Map<String, Long> notScored = notScored(d, features, noConsent);

      CrmWriteback.Result w = new CrmWriteback(spark, tables, s.writeback(), runId)
          .deliver(sink, date, written, blocked);
      Writeback.Report report = w.report();
      return new ScoreResult(scored, byTier, byArm, notScored, w.changed(), report.delivered(), report.failed(),
          report.pending(), sink.target(), champion.version() + "",
          challenger.map(c -> c.version() + "").orElse(null), report.errors(), w.heldBack(), w.cleared(),
          report.resent(), s.tiers().mode().key(), TierRates.fromCard(champion.metrics(), s.tiers()));
    } finally {
      blocked.unpersist();
    }
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
        .select("probability").as(org.apache.spark.sql.Encoders.DOUBLE()).collectAsList();
    return s.tiers().rank().cutoffs(p.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /**
   * The challenger arm's model: the registry's version in state challenger (never a rejected, retired or
   * undecided one), if any.
   */
  private Optional<ModelCard> challenger(ModelCard champion) {
    return registry.challenger().filter(c -> c.version() != champion.version());
  }

  /** A stable arm per lead: the same lead stays in the same arm across runs while the share is unchanged. */
  static Column arm(double share) {
    if (share <= 0) {
      return lit(CHAMPION);
    }
    return when(pmod(xxhash64(col("lead_id"), lit("arm")), lit(10_000)).lt(lit(Math.round(share * 10_000))),
        lit(CHALLENGER)).otherwise(lit(CHAMPION));
  }

  /** Silver leads with the source's key as {@code lead_id}, whatever the key column is called. */
  private Dataset<Row> silverLeads() {
    Dataset<Row> silver = spark.read().format("delta").load(tables.path(Table.LEADS));
    return keyColumn.equals("lead_id") ? silver : silver.withColumn("lead_id", col(keyColumn).cast("string"));
  }

  /** Every lead in silver that was not scored, by reason. */
  private Map<String, Long> notScored(Date d, Dataset<Row> features, Dataset<Row> noConsentLeads) {
    Column ts = lit(d).cast("timestamp");
    Dataset<Row> leads = silverLeads();
    List<String> leadColumns = java.util.Arrays.asList(leads.columns());
    Dataset<Row> closed;
    if (io.delta.tables.DeltaTable.isDeltaTable(spark, tables.path(Table.OPPORTUNITIES))) {
      closed = spark.read().format("delta").load(tables.path(Table.OPPORTUNITIES))
          .filter(lower(col("stage")).isin("won", "lost").and(col("closed_at").lt(ts)))
          .groupBy("lead_id").agg(max(when(lower(col("stage")).equalTo("won"), 1).otherwise(0)).as("won"));
    } else if (outcomeColumn != null && leadColumns.contains(outcomeColumn)) {
      // a static labelled export has no opportunities: its outcome column says who already converted
      closed = leads.filter(col(outcomeColumn).cast("int").equalTo(1)).select(col("lead_id"), lit(1).as("won"));
    } else {
      closed = leads.select(col("lead_id"), lit(null).cast("int").as("won")).limit(0);
    }
    Column created = leadColumns.contains("created_at") ? col("created_at") : lit(null).cast("timestamp");
    Dataset<Row> missing = leads.select(col("lead_id"), created.as("created_at"))
        .join(features.select("lead_id"), new String[] {"lead_id"}, "left_anti")
        .join(closed, new String[] {"lead_id"}, "left")
        .select(when(col("won").equalTo(1), "converted")
            .when(col("won").equalTo(0), "lost")
            .when(col("created_at").geq(ts), "created_after_batch_date")
            .otherwise("no_features").as("reason"));
    Map<String, Long> out = new TreeMap<>();
    for (Row r : missing.groupBy("reason").count().collectAsList()) {
      out.put(r.getString(0), r.getLong(1));
    }
    long noConsent = noConsentLeads.count();
    if (noConsent > 0) {
      out.put("no_consent", noConsent);
    }
    return out;
  }
}
