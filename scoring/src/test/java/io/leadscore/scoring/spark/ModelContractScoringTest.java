package io.leadscore.scoring.spark;

import static org.apache.spark.sql.functions.*;
import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.LeadscoreException;
import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables.Table;
import io.leadscore.features.catalog.Catalogs;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.FeatureDefinition;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.features.gold.PipelineFixture;
import io.leadscore.scoring.ScoringSettings;
import io.leadscore.scoring.sink.CrmSinks;
import io.leadscore.models.registry.ModelCard;
import io.leadscore.models.registry.ModelRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registered version scores with its own catalogue: categorical codes written under a later catalogue
 * (levels reordered) are read in the model's codes, and a model whose input is gone refuses to score.
 */
class ModelContractScoringTest {
  @TempDir
  static Path dir;
  static PipelineFixture fx;
  static final SparkSession spark = SparkTestSession.get();
  static final FeatureCatalog standard = FeatureCatalog.standard();
  static XGBoostClassificationModel model;
  static Map<String, Double> presentShare;

  @BeforeAll
  static void setUp() {
    fx = PipelineFixture.shared(dir.resolve("lake"), 1500);
    Dataset<Row> ts = spark.read().format("delta").load(fx.tables.path(Table.TRAINING_SET)).limit(4000).cache();
    model = SmallModels.fit(ts, standard.names(), 20, 4);
    List<Column> counts = new ArrayList<>();
    standard.names().forEach(f -> counts.add(count(col(f)).as(f)));
    Row c = ts.agg(count(lit(1)), counts.toArray(Column[]::new)).first();
    presentShare = new LinkedHashMap<>();
    for (int i = 0; i < standard.names().size(); i++) {
      presentShare.put(standard.names().get(i), c.getLong(i + 1) / (double) c.getLong(0));
    }
    ts.unpersist();
  }

  /** A lakehouse sharing the fixture's tables, with its own models folder, lead_scores and crm_sync. */
  static io.leadscore.core.Tables lake(String name) {
    io.leadscore.core.Tables t = io.leadscore.core.Tables.at(dir.resolve(name).toString());
    for (Table table : List.of(Table.FEATURES, Table.LEADS, Table.CONSENT)) {
      Dataset<Row> d = spark.read().format("delta").load(fx.tables.path(table));
      d.write().format("delta").mode("overwrite").save(t.path(table));
    }
    return t;
  }

  static ModelRegistry champion(io.leadscore.core.Tables t, boolean sealed) throws Exception {
    return champion(t.modelsDir(), sealed);
  }

  /** The fixture's model as the champion of a registry in {@code modelsDir}, with or without its contract. */
  static ModelRegistry champion(String modelsDir, boolean sealed) throws Exception {
    ModelRegistry r = ModelRegistry.local(modelsDir);
    int v = r.claim();
    model.write().overwrite().save(r.modelPath(v) + "/xgboost");
    ModelCard card = ModelCard.builder().version(v).name("leadscore").createdAt(Instant.now().toString())
        .path(r.modelPath(v)).features(standard.names(), standard.version()).seed(3).build();
    if (sealed) {
      card = card.withContract(new ModelCard.Contract(standard.features(), presentShare, Map.of()));
    }
    r.promote(r.register(card).version(), "test champion");
    return r;
  }

  static Map<String, Row> score(io.leadscore.core.Tables t, FeatureCatalog today, ModelRegistry r, String run) {
    ScoringSettings s = ScoringSettings.from(LeadscoreConfig.defaults(Map.of()));
    new ScoreJob(spark, t, today, r).run(PipelineFixture.DATE, s, CrmSinks.csv(dir.resolve("outbox-" + run), 3),
        run);
    Map<String, Row> out = new HashMap<>();
    for (Row row : spark.read().format("delta").load(t.path(Table.LEAD_SCORES))
        .filter(col("score_date").equalTo(lit(java.sql.Date.valueOf(PipelineFixture.DATE))))
        .select("lead_id", "probability", "reasons").collectAsList()) {
      out.put(row.getString(0), row);
    }
    return out;
  }

  /** The standard catalogue with these categorical features' levels in another order. */
  static FeatureCatalog reordered(List<String> features) {
    List<FeatureDefinition> defs = new ArrayList<>();
    for (FeatureDefinition f : standard.features()) {
      if (features.contains(f.name())) {
        List<String> levels = new ArrayList<>(f.levels());
        java.util.Collections.reverse(levels);
        defs.add(FeatureDefinition.builder(f.name()).group(f.group()).describe(f.description()).type(f.type())
            .missing(f.missing()).levels(levels).reasons(f.reasonUp(), f.reasonDown()).build());
      } else {
        defs.add(f);
      }
    }
    return Catalogs.of("standard-reordered", defs);
  }

  /** Rewrites today's features as the reordered catalogue encodes them (code i -> n - 1 - i). */
  static void reencode(io.leadscore.core.Tables t, List<String> features) {
    Dataset<Row> f = spark.read().format("delta").load(t.path(Table.FEATURES));
    for (String name : features) {
      int n = standard.get(name).levels().size();
      f = f.withColumn(name, lit(n - 1).minus(col(name)).cast("double"));
    }
    f.localCheckpoint().write().format("delta").mode("overwrite").option("overwriteSchema", "true")
        .save(t.path(Table.FEATURES));
  }

  /**
   * One lakehouse, two champions of the same model: one sealed with its catalogue's levels, one without (the control,
   * which reads today's codes as its own, as every model did before contracts). Both score the night, the categories'
   * levels are reordered and the features re-encoded, and both score again.
   */
  @Test
  void levelsReorderedBetweenTwoRunsLeaveTheSealedChampionsScoresIdenticalAndMoveTheUnsealedOnes() throws Exception {
    io.leadscore.core.Tables t = lake("reorder");
    ModelRegistry sealed = champion(t, true);
    ModelRegistry control = champion(dir.resolve("control-models").toString(), false);
    Map<String, Row> before = score(t, standard, sealed, "before");
    Map<String, Row> controlBefore = score(t, standard, control, "c-before");
    List<String> cats = List.of("seniority", "lead_source", "industry", "department", "country");
    reencode(t, cats);
    Map<String, Row> after = score(t, reordered(cats), sealed, "after");
    Map<String, Row> controlAfter = score(t, reordered(cats), control, "c-after");

    assertEquals(before.keySet(), after.keySet());
    assertTrue(before.size() > 100, "scored " + before.size());
    for (String id : before.keySet()) {
      assertEquals(before.get(id).getDouble(1), after.get(id).getDouble(1), 0.0, "lead " + id);
      assertEquals(before.get(id).getList(2), after.get(id).getList(2), "reasons of lead " + id);
    }
    long moved = controlBefore.keySet().stream()
        .filter(id -> controlBefore.get(id).getDouble(1) != controlAfter.get(id).getDouble(1)).count();
    assertTrue(moved > controlBefore.size() / 10, "control: only " + moved + " of " + controlBefore.size()
        + " scores moved");
  }

  @Test
  void aFeatureDroppedFromTheCatalogueMakesTheChampionRefuseNotScoreNaN() throws Exception {
    io.leadscore.core.Tables t = lake("dropped");
    ModelRegistry r = champion(t, true);
    String gone = "industry_affinity";
    FeatureCatalog today = Catalogs.of("standard-without-" + gone, standard.features().stream()
        .filter(f -> !f.name().equals(gone)).toList());
    // the features table keeps the dropped column, all null for the new date (Delta mergeSchema)
    Dataset<Row> f = spark.read().format("delta").load(t.path(Table.FEATURES))
        .withColumn(gone, lit(null).cast("double"));
    f.localCheckpoint().write().format("delta").mode("overwrite").save(t.path(Table.FEATURES));

    LeadscoreException e = assertThrows(LeadscoreException.class, () -> score(t, today, r, "dropped"));
    assertTrue(e.getMessage().startsWith("Model leadscore v1 (champion) refuses to score: feature '" + gone
        + "' is not in today's catalogue (standard-without-" + gone + ")"), e.getMessage());
    assertTrue(e.getMessage().contains("`leadscore rollback`"), e.getMessage());

    // still in the catalogue, but its source is empty: missing for every lead where the model saw values
    LeadscoreException empty = assertThrows(LeadscoreException.class, () -> score(t, standard, r, "empty"));
    assertTrue(empty.getMessage().contains("input '" + gone + "' is missing for all ")
        && empty.getMessage().contains("of its training rows had a value"), empty.getMessage());
  }
}
