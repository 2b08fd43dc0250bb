package io.leadscore.monitoring.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.SharedFixtures;
import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.monitoring.MonitorResult;
import io.leadscore.monitoring.MonitorSettings;
import io.leadscore.monitoring.report.RunSnapshot;
import io.leadscore.models.metrics.BinaryMetrics;
import io.leadscore.models.reference.ReferenceDistributions;
import io.leadscore.models.registry.ModelCard;
import io.leadscore.models.registry.ModelRegistry;
import io.leadscore.models.tracking.RunRecorder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small lakehouse with a known truth ({@link LeadWorld}), built once per test class: 12 nights of features and
 * scores of 1000 leads each plus a quiet night long after, opportunities, and a champion that carries reference
 * distributions built the way training builds them. Nights 11 and 12 have a shifted traffic mix; leads scored on
 * nights 6-10 convert by another mechanism. Two classes share it ({@link MonitorJobTest}, {@link MonitorAlertsTest})
 * so that their monitor runs go to the two test JVMs at once.
 *
 * <p>A monitor run writes (gold/drift, gold/performance, the run records), so each test runs on its own
 * {@link World#copy}: the tables copied (milliseconds), never rebuilt, so no test depends on another's runs or order.
 */
abstract class MonitorWorld {
  static final SparkSession SPARK = SparkTestSession.get();
  static final LocalDate FIRST = LocalDate.of(2026, 9, 1);
  static final int NIGHTS = 12;
  /** nights 11 and 12 (index 10, 11): the traffic mix shifted */
  static final Set<Integer> SHIFTED = Set.of(10, 11);
  /** leads scored on nights 6-10 convert by another mechanism */
  static final Set<Integer> CHANGED = Set.of(5, 6, 7, 8, 9);
  static final int HORIZON = 30;
  /** the night the first horizons have closed: every score date up to night 12 is evaluated */
  static final LocalDate LATER = FIRST.plusDays(NIGHTS - 1 + HORIZON);
  static final int LEADS = 1000;

  @TempDir
  static Path dir;
  /** Built once per class; read it, or run the monitor on a {@link World#copy}. */
  static World world;
  static double holdoutAuc;

  /** A lakehouse of the world: its tables, its registry and the champion in it. */
  record World(Tables tables, ModelRegistry registry, ModelCard champion) {
    /**
     * A private copy under {@code to}: the three input tables (Delta tables use relative paths) and a registry with
     * the same champion and its reference distributions (a card holds its model's absolute path, so the registry is
     * made anew rather than copied).
     */
    World copy(Path to) {
      Tables t = Tables.at(to.resolve("lake").toString());
      for (Table table : List.of(Table.FEATURES, Table.LEAD_SCORES, Table.OPPORTUNITIES)) {
        SharedFixtures.copyTree(Path.of(tables.path(table)), Path.of(t.path(table)));
      }
      ModelRegistry r = ModelRegistry.local(t.modelsDir());
      int v = r.claim();
      ModelCard c = r.register(champion.withVersion(v, r.modelPath(v)));
      r.promote(v, "test champion");
      try {
        Files.copy(Path.of(ReferenceDistributions.path(champion.path())),
            Path.of(ReferenceDistributions.path(c.path())));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new World(t, r, c);
    }

    MonitorResult monitor(LocalDate d, MonitorSettings s) {
      return new MonitorJob(SPARK, tables, registry)
          .recorder(RunRecorder.at(tables.monitoringRunsDir(), Optional.empty()))
          .run(new MonitorJob.Spec(d, HORIZON, s, RunSnapshot.alone("monitor"), "test-run", ""));
    }
  }

  @BeforeAll
  static void lakehouse() {
    Tables tables = Tables.at(dir.resolve("lake").toString());
    ModelRegistry registry = ModelRegistry.local(tables.modelsDir());
    // training rows come from 13 snapshot dates, 14 days apart, before the first night: the date-derived inputs
    // take 13 values there, and one value on each night
    List<LeadWorld.Lead> training = new ArrayList<>();
    List<LeadWorld.Lead> drawn = LeadWorld.leads(3000, 1, false, false);
    for (int i = 0; i < drawn.size(); i++) {
      training.add(LeadWorld.atDate(drawn.get(i), FIRST.minusDays(HORIZON + 14L * (i % 13))));
    }
    List<LeadWorld.Lead> holdout = LeadWorld.leads(1000, 2, false, false);
    double[] holdoutScores = holdout.stream().mapToDouble(LeadWorld.Lead::probability).toArray();
    holdoutAuc = BinaryMetrics.of(holdoutScores, holdout.stream().mapToDouble(l -> l.converts() ? 1 : 0).toArray())
        .auc();
    int v = registry.claim();
    String path = registry.modelPath(v);
    Map<String, Double> gain = new LinkedHashMap<>();
    double[] shares = {0.35, 0.25, 0.2, 0.1, 0.05, 0.03, 0.02};
    for (int j = 0; j < shares.length; j++) {
      gain.put(LeadWorld.FEATURES.get(j), shares[j]);
    }
    ModelCard champion = registry.register(ModelCard.builder().version(v).name("leadscore")
        .createdAt(Instant.now().toString()).path(path).features(LeadWorld.FEATURES, "test").seed(3)
        .metrics(Map.of("holdout_auc", holdoutAuc)).build()
        .withContract(new ModelCard.Contract(LeadWorld.definitions(), Map.of(), gain)));
    registry.promote(v, "test champion");
    io.leadscore.features.catalog.spark.GoldFiles.write(ReferenceDistributions.path(path),
        ReferenceDistributions.of(LeadWorld.definitions(), IntStream.range(0, LeadWorld.FEATURES.size())
            .mapToObj(j -> LeadWorld.column(training, j)).toList(), holdoutScores, ReferenceDistributions.BINS,
        ReferenceDistributions.SAMPLE_SIZE, 3).toJson());

    StructType features = new StructType().add("lead_id", DataTypes.StringType).add("as_of_date", DataTypes.DateType);
    for (String f : LeadWorld.FEATURES) {
      features = features.add(f, DataTypes.DoubleType);
    }
    StructType scores = new StructType().add("lead_id", DataTypes.StringType)
        .add("probability", DataTypes.DoubleType).add("score", DataTypes.IntegerType)
        .add("tier", DataTypes.StringType).add("reasons", DataTypes.createArrayType(DataTypes.StringType))
        .add("model_name", DataTypes.StringType).add("model_version", DataTypes.StringType)
        .add("arm", DataTypes.StringType).add("score_date", DataTypes.DateType);
    StructType opportunities = new StructType().add("lead_id", DataTypes.StringType).add("stage", DataTypes.StringType)
        .add("closed_at", DataTypes.TimestampType);
    List<Row> f = new ArrayList<>();
    List<Row> s = new ArrayList<>();
    List<Row> o = new ArrayList<>();
    for (int night = 0; night <= NIGHTS; night++) {
      // night 12 is LATER, a quiet night long after
      LocalDate d = night < NIGHTS ? FIRST.plusDays(night) : LATER;
      List<LeadWorld.Lead> leads = LeadWorld.leads(LEADS, 100 + night, SHIFTED.contains(night), CHANGED.contains(night))
          .stream().map(l -> LeadWorld.atDate(l, d)).toList();
      List<Double> sorted = leads.stream().map(LeadWorld.Lead::probability).sorted((a, b) -> Double.compare(b, a))
          .toList();
      for (int i = 0; i < leads.size(); i++) {
        LeadWorld.Lead l = leads.get(i);
        String id = "N" + night + "-" + i;
        Object[] row = new Object[2 + l.x().length];
        row[0] = id;
        row[1] = Date.valueOf(d);
        for (int j = 0; j < l.x().length; j++) {
          row[2 + j] = Double.isNaN(l.x()[j]) ? null : l.x()[j];
        }
        f.add(RowFactory.create(row));
        int rank = sorted.indexOf(l.probability());
        String tier = rank < LEADS * 0.05 ? "A" : rank < LEADS * 0.2 ? "B" : rank < LEADS * 0.5 ? "C" : "D";
        s.add(RowFactory.create(id, l.probability(), (int) Math.round(100 * l.probability()), tier,
            List.of("Came from source " + (int) l.x()[0]), "leadscore", String.valueOf(champion.version()), "champion",
            Date.valueOf(d)));
        if (l.converts()) {
          o.add(RowFactory.create(id, "won", Timestamp.from(d.atStartOfDay(ZoneOffset.UTC).toInstant()
              .plusSeconds(86_400L * (1 + i % 25)))));
        }
      }
    }
    SPARK.createDataFrame(f, features).write().format("delta").mode(SaveMode.Overwrite).partitionBy("as_of_date")
        .save(tables.path(Table.FEATURES));
    SPARK.createDataFrame(s, scores).withColumn("reasons", col("reasons")).write().format("delta")
        .mode(SaveMode.Overwrite).partitionBy("score_date").save(tables.path(Table.LEAD_SCORES));
    SPARK.createDataFrame(o, opportunities).write().format("delta").mode(SaveMode.Overwrite)
        .save(tables.path(Table.OPPORTUNITIES));
    world = new World(tables, registry, champion);
  }

  static MonitorSettings settings(Map<String, String> overrides) {
    return MonitorSettings.from(LeadscoreConfig.defaults(overrides));
  }

}
