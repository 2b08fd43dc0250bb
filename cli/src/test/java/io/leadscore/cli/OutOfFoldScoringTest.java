package io.leadscore.cli;

import static org.apache.spark.sql.functions.*;
import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.leadscore.features.catalog.spark.GoldFiles;
import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.features.gold.GoldSettings;
import io.leadscore.features.gold.spark.FeatureJob;
import io.leadscore.ingest.SourceMapping;
import io.leadscore.scoring.ScoringSettings;
import io.leadscore.scoring.spark.ScoreJob;
import io.leadscore.scoring.sink.CrmSinks;
import io.leadscore.training.TrainResult;
import io.leadscore.training.TrainingSettings;
import io.leadscore.models.metrics.BinaryMetrics;
import io.leadscore.models.registry.ModelRegistry;
import io.leadscore.training.spark.TrainJob;
import io.leadscore.models.tracking.RunRecorder;
import io.leadscore.training.TrainSpec;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A static labelled export, where the leads that trained the model are the leads that get scored. Every
 * lead of the training set is put up for scoring (converted ones too, so AUCs can be measured), plus leads
 * the model never saw. Scored in-sample by the deployed model, the training leads look better than they
 * are; scored out of fold, each training lead's score is the CV prediction of the fold model that did not
 * see it (per-fold AUC equal to the CV fold AUC), each holdout lead's the evaluated fit's (AUC equal to the
 * holdout AUC), and unseen leads keep the deployed model's score.
 */
class OutOfFoldScoringTest {
  static final LocalDate DATE = LocalDate.of(2026, 11, 24);
  static final SparkSession SPARK = SparkTestSession.get();
  static final String MAPPING = "leadscore.ingest.sources = [t]\n"
      + "leadscore.sources.t { group = crm, file = \"t.csv\", format = csv, table = leads, key = [lead_id], "
      + "outcome = converted, columns { lead_id = string, converted { type = int, min = 0, max = 1 }, "
      + "visits = int, minutes = double, channel = string, flag = boolean, noise_a = double, noise_b = double } }";

  @TempDir
  Path dir;

  @Test
  void trainingLeadsAreScoredOutOfFoldAndSaySo() {
    Config config = ConfigFactory.parseString(MAPPING).withFallback(LeadscoreConfig.defaults(Map.of(
        "leadscore.training.grid.max_depth", "4", "leadscore.training.grid.min_child_weight", "1",
        "leadscore.training.num_round", "150"))).resolve();
    Tables tables = Tables.at(dir.resolve("lake").toString());
    silver(tables, 2400);
    SourceMapping mapping = SourceMapping.labelled(config).orElseThrow();
    new FeatureJob(SPARK, tables, FeatureCatalog.standard(), GoldSettings.from(config)).runLabelled(mapping, DATE);
    Dataset<Row> trainingSet = SPARK.read().format("delta").load(tables.path(Table.TRAINING_SET));
    // every training lead is up for scoring (the converted ones too, to measure AUC), and 40 leads never seen
    Dataset<Row> known = trainingSet.drop("label", "days_to_convert");
    Dataset<Row> unseen = known.limit(40).withColumn("lead_id", concat(lit("NEW-"), col("lead_id")));
    known.unionByName(unseen).write().format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true")
        .partitionBy("as_of_date").save(tables.path(Table.FEATURES));

    ModelRegistry registry = ModelRegistry.local(tables.modelsDir());
    TrainResult trained = new TrainJob(SPARK, tables, GoldFiles.catalogForRun(config, tables), registry,
        RunRecorder.at(tables.runsDir(), Optional.empty())).run(new TrainSpec(TrainingSettings.from(config), 30,
        DATE.toString(), "test"));
    assertTrue(trained.model().promoted(), trained.model().decision());
    assertEquals("lead_hash", trained.data().holdoutKind());

    Map<String, Double> label = new HashMap<>();
    trainingSet.select("lead_id", "label").collectAsList().forEach(r -> label.put(r.getString(0), r.getDouble(1)));
    Map<String, Row> inSample = score(tables, registry, config, false);
    Map<String, Row> oof = score(tables, registry, config, true);
    assertEquals(2400 + 40, oof.size());

    // in-sample: the deployed model (refitted on train + holdout) scores every lead
    assertTrue(inSample.values().stream().allMatch(r -> r.getAs("score_source").equals("model")));
    // out of fold: training leads by their fold model, holdout leads by the evaluated fit, unseen leads as before
    long byFold = count(oof, r -> r.getAs("score_source").equals("out_of_fold"));
    long byHoldout = count(oof, r -> r.getAs("score_source").equals("holdout"));
    assertEquals(trained.data().trainRows(), byFold);
    assertEquals(trained.data().holdoutRows(), byHoldout);
    for (String id : oof.keySet()) {
      if (id.startsWith("NEW-")) {
        assertEquals("model", oof.get(id).getAs("score_source"), id);
        assertEquals((double) inSample.get(id).getAs("probability"), (double) oof.get(id).getAs("probability"), 0.0,
            "a lead the model never saw keeps the deployed model's score");
      }
    }
    // each fold's scores are exactly the CV prediction of the fold model that did not see those leads
    for (int k = 0; k < trained.cv().folds().size(); k++) {
      final int fold = k;
      double auc = auc(oof, label, r -> r.getAs("score_source").equals("out_of_fold")
          && ((Integer) r.getAs("score_fold")) == fold);
      assertEquals(trained.cv().folds().get(k).auc(), auc, 1e-6, "fold " + k);
    }
    assertEquals(trained.holdout().auc(), auc(oof, label, r -> r.getAs("score_source").equals("holdout")), 1e-6,
        "holdout leads by the evaluated fit: the holdout AUC");
    Predicate<Row> trainingLead = r -> !((String) r.getAs("lead_id")).startsWith("NEW-");
    double optimistic = auc(inSample, label, trainingLead);
    double honest = auc(oof, label, r -> r.getAs("score_source").equals("out_of_fold"));
    System.err.printf("OOF test: in-sample AUC %.4f, out-of-fold %.4f, CV %.4f, holdout %.4f%n", optimistic, honest,
        trained.cv().auc(), trained.holdout().auc());
    assertTrue(optimistic > honest + 0.03, "in-sample " + optimistic + " vs out of fold " + honest);
    assertEquals(trained.cv().auc(), honest, 0.03, "out-of-fold AUC is the CV AUC, pooled");
    long moved = oof.values().stream().filter(r -> r.getAs("score_source").equals("out_of_fold"))
        .filter(r -> Math.abs((double) r.getAs("probability")
            - (double) inSample.get((String) r.getAs("lead_id")).getAs("probability")) > 1e-6).count();
    assertTrue(moved > 0.95 * byFold, moved + " of " + byFold + " training leads got another score");
    // reasons come from the model that scored the lead
    long withReasons = oof.values().stream().filter(r -> r.getAs("score_source").equals("out_of_fold"))
        .filter(r -> !r.getList(r.fieldIndex("reasons")).isEmpty()).count();
    assertTrue(withReasons > 0.95 * byFold, withReasons + " of " + byFold + " out-of-fold leads have reasons");
  }

  private static Map<String, Row> score(Tables tables, ModelRegistry registry, Config config, boolean outOfFold) {
    Config c = ConfigFactory.parseMap(Map.of("leadscore.scoring.out_of_fold", outOfFold)).withFallback(config);
    new ScoreJob(SPARK, tables, GoldFiles.catalogForRun(c, tables), registry).outcomeColumn("converted")
        .run(DATE, ScoringSettings.from(c), CrmSinks.csv(Path.of(tables.path(Table.FEATURES) + "-outbox-" + outOfFold), 3),
            "run-" + outOfFold);
    Map<String, Row> out = new HashMap<>();
    SPARK.read().format("delta").load(tables.path(Table.LEAD_SCORES))
        .filter(col("score_date").equalTo(lit(Date.valueOf(DATE))))
        .select("lead_id", "probability", "score_source", "score_fold", "reasons").collectAsList()
        .forEach(r -> out.put(r.getString(0), r));
    return out;
  }

  private static long count(Map<String, Row> scores, Predicate<Row> which) {
    return scores.values().stream().filter(which).count();
  }

  private static double auc(Map<String, Row> scores, Map<String, Double> label, Predicate<Row> which) {
    List<Row> rows = scores.values().stream().filter(which).filter(r -> label.containsKey((String) r.getAs("lead_id")))
        .toList();
    double[] p = rows.stream().mapToDouble(r -> r.getAs("probability")).toArray();
    double[] y = rows.stream().mapToDouble(r -> label.get((String) r.getAs("lead_id"))).toArray();
    return BinaryMetrics.of(p, y).auc();
  }

  /** A labelled export with a known mechanism (visits, channel, flag) and two noise columns to overfit on. */
  static void silver(Tables tables, int n) {
    Random rnd = new Random(11);
    String[] channels = {"ads", "search", "referral", "event", "partner"};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int visits = rnd.nextInt(15);
      double minutes = Math.round(rnd.nextDouble() * 600) / 10.0;
      String channel = channels[rnd.nextInt(channels.length)];
      boolean flag = rnd.nextDouble() < 0.3;
      double z = -1.6 + 0.12 * visits + 0.01 * minutes + (channel.equals("referral") ? 0.9 : 0)
          - (channel.equals("ads") ? 0.5 : 0) + (flag ? 0.6 : 0) + rnd.nextGaussian() * 0.8;
      int converted = rnd.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
      rows.add(RowFactory.create(String.format("P%05d", i), converted, visits, minutes, channel, flag,
          rnd.nextGaussian(), rnd.nextGaussian()));
    }
    StructType schema = new StructType().add("lead_id", DataTypes.StringType).add("converted", DataTypes.IntegerType)
        .add("visits", DataTypes.IntegerType).add("minutes", DataTypes.DoubleType)
        .add("channel", DataTypes.StringType).add("flag", DataTypes.BooleanType)
        .add("noise_a", DataTypes.DoubleType).add("noise_b", DataTypes.DoubleType);
    SPARK.createDataFrame(rows, schema).write().format("delta").mode(SaveMode.Overwrite)
        .save(tables.path(Table.LEADS));
  }
}
