package io.leadscore.scoring.spark;

import static org.apache.spark.sql.functions.*;

import io.leadscore.features.LeadscoreException;
import io.leadscore.features.Tables;
import io.leadscore.features.Tables.Table;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.consent.spark.Consent;
import io.leadscore.scoring.ReasonText;
import io.leadscore.scoring.ScoreResult;
import io.leadscore.scoring.ScoreTiers;
import io.leadscore.scoring.ScoringSettings;
import io.leadscore.scoring.sink.CrmSink;
import io.leadscore.training.registry.ModelCard;
import io.leadscore.training.registry.ModelRegistry;
import io.leadscore.training.spark.FeatureVectors;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Scores every open lead of the batch date with the champion: probability, score, tier and reasons from
 * SHAP contributions; writes {@code lead_scores} (replacing that date only) and hands the rows to the CRM
 * sink. Leads not scored are counted by reason, so scored + not scored = every lead in silver.
 */
public final class ScoreJob {
  static final StructType SCORE_SCHEMA = new StructType()
      .add("lead_id", DataTypes.StringType, false)
      .add("probability", DataTypes.DoubleType, false)
      .add("score", DataTypes.IntegerType, false)
      .add("tier", DataTypes.StringType, false)
      .add("reasons", DataTypes.createArrayType(DataTypes.StringType), false);

  private final SparkSession spark;
  private final Tables tables;
  private final FeatureCatalog catalog;
  private final ModelRegistry registry;

  public ScoreJob(SparkSession spark, Tables tables, FeatureCatalog catalog, ModelRegistry registry) {
    this.spark = spark;
    this.tables = tables;
    this.catalog = catalog;
    this.registry = registry;
  }

  public ScoreResult run(LocalDate date, ScoringSettings s, CrmSink sink, String runId) {
    ModelCard champion = registry.champion().orElseThrow(() -> LeadscoreException.of(
        "No champion model in %s: run `leadscore train` first", tables.modelsDir()));
    Date d = Date.valueOf(date);
    Dataset<Row> features = spark.read().format("delta").load(tables.path(Table.FEATURES))
        .filter(col("as_of_date").equalTo(lit(d)));
    Dataset<Row> optedOut = Consent.optedOut(spark, tables, features.select("lead_id", "as_of_date"));
    Dataset<Row> eligible = features.join(optedOut, new String[] {"lead_id", "as_of_date"}, "left_anti");

    XGBoostClassificationModel model =
        (XGBoostClassificationModel) XGBoostClassificationModel.load(champion.path() + "/xgboost");
    model.setContribPredictionCol("contrib");
    Column values = array(champion.features().stream()
        .map(f -> coalesce(col(f).cast("double"), lit(Double.NaN))).toArray(Column[]::new));
    Dataset<Row> predicted = model.transform(FeatureVectors.assemble(eligible, champion.features())
            .withColumn("_values", values))
        .select(col("lead_id"), FeatureVectors.positiveProbability().as("p"),
            org.apache.spark.ml.functions.vector_to_array(col("contrib"), "float64").as("contrib"), col("_values"));

    ReasonText reasons = new ReasonText(catalog, champion.features(), s.reasons());
    ScoreTiers tiers = s.tiers();
    Dataset<Row> scores = predicted.map((MapFunction<Row, Row>) r -> {
      double p = r.getDouble(1);
      int score = ScoreTiers.score(p);
      List<Double> c = r.getList(2);
      List<Double> v = r.getList(3);
      double[] ca = c.stream().mapToDouble(Double::doubleValue).toArray();
      double[] va = v.stream().mapToDouble(x -> x == null ? Double.NaN : x).toArray();
      return RowFactory.create(r.getString(0), p, score, tiers.tier(score),
          reasons.reasons(ca, va).toArray(new String[0]));
    }, Encoders.row(SCORE_SCHEMA))
        .withColumn("score_date", lit(d))
        .withColumn("model_name", lit(champion.name()))
        .withColumn("model_version", lit(String.valueOf(champion.version())))
        .withColumn("arm", lit("champion"))
        .withColumn("run_id", lit(runId))
        .withColumn("scored_at", current_timestamp());

    scores.write().format("delta").mode(SaveMode.Overwrite).partitionBy("score_date")
        .option("replaceWhere", "score_date = '" + date + "'")
        .save(tables.path(Table.LEAD_SCORES));
    Dataset<Row> written = spark.read().format("delta").load(tables.path(Table.LEAD_SCORES))
        .filter(col("score_date").equalTo(lit(d)));

    Map<String, Long> byTier = new TreeMap<>();
    long scored = 0;
    for (Row r : written.groupBy("tier").count().collectAsList()) {
      byTier.put(r.getString(0), r.getLong(1));
      scored += r.getLong(1);
    }
    Map<String, Long> notScored = notScored(d, features, optedOut);

    Iterator<Row> rows = written.orderBy("lead_id").toLocalIterator();
    CrmSink.Delivery delivery = sink.deliver(runId, new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public CrmSink.ScoreUpdate next() {
        Row r = rows.next();
        return new CrmSink.ScoreUpdate(r.getAs("lead_id"), r.<Integer>getAs("score"), r.getAs("tier"),
            r.getList(r.fieldIndex("reasons")), r.getAs("model_version"));
      }
    });
    return new ScoreResult(scored, byTier, notScored, delivery.delivered(), delivery.failed(), delivery.target(),
        String.valueOf(champion.version()));
  }

  /** Every lead in silver that was not scored, by reason. */
  private Map<String, Long> notScored(Date d, Dataset<Row> features, Dataset<Row> optedOut) {
    Column ts = lit(d).cast("timestamp");
    Dataset<Row> closed = spark.read().format("delta").load(tables.path(Table.OPPORTUNITIES))
        .filter(lower(col("stage")).isin("won", "lost").and(col("closed_at").lt(ts)))
        .groupBy("lead_id").agg(max(when(lower(col("stage")).equalTo("won"), 1).otherwise(0)).as("won"));
    Dataset<Row> missing = spark.read().format("delta").load(tables.path(Table.LEADS))
        .select("lead_id", "created_at")
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
    long noConsent = optedOut.count();
    if (noConsent > 0) {
      out.put("no_consent", noConsent);
    }
    return out;
  }
}
