package io.leadscore.monitoring.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.core.runs.Problem;
import io.leadscore.monitoring.Alert;
import io.leadscore.monitoring.MonitorResult;
import io.leadscore.monitoring.MonitorSettings;
import io.leadscore.monitoring.PerformanceRow;
import io.leadscore.monitoring.report.RunSnapshot;
import io.leadscore.models.metrics.BinaryMetrics;
import io.leadscore.models.reference.ReferenceDistributions;
import io.leadscore.models.registry.ModelCard;
import io.leadscore.models.registry.ModelRegistry;
import io.leadscore.models.tracking.RunRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor stage on a small lakehouse with a known truth ({@link LeadWorld}): ten quiet nights raise no
 * alert; nights after the traffic mix shifted raise the feature-drift alert on {@code lead_source} and the
 * score-drift alert; score dates whose conversions stopped following the model show AUC decay in
 * {@code gold/performance} once their horizon has closed. The champion carries reference distributions built
 * the way training builds them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitorJobTest {
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
  static Tables tables;
  static ModelRegistry registry;
  static ModelCard champion;
  static double holdoutAuc;

  @BeforeAll
  static void lakehouse() {
    tables = Tables.at(dir.resolve("lake").toString());
    registry = ModelRegistry.local(tables.modelsDir());
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
    champion = registry.register(ModelCard.builder().version(v).name("leadscore")
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
  }

  static MonitorSettings settings(Map<String, String> overrides) {
    return MonitorSettings.from(LeadscoreConfig.defaults(overrides));
  }

  static MonitorResult monitor(LocalDate d, MonitorSettings s) {
    return new MonitorJob(SPARK, tables, registry)
        .recorder(RunRecorder.at(tables.monitoringRunsDir(), Optional.empty()))
        .run(new MonitorJob.Spec(d, HORIZON, s, RunSnapshot.alone("monitor"), "test-run", ""));
  }

  @Test
  @Order(1)
  void tenQuietNightsRaiseNoAlert() throws Exception {
    // the inputs with one value per date (quarter_end_days, month_of_year) differ from the training dates' on every
    // night by construction (KS 1.000): they are judged by their definition, not drift-tested
    int tested = LeadWorld.FEATURES.size() - LeadWorld.DATE_DERIVED.size();
    for (int night = 0; night < 10; night++) {
      LocalDate d = FIRST.plusDays(night);
      MonitorResult r = monitor(d, settings(Map.of()));
      assertEquals(List.of(), r.alerts(), "night " + d + ": " + r.drift());
      assertEquals(List.of(), r.problems(), "night " + d);
      assertEquals(LEADS, r.scored());
      assertEquals(tested, r.drift().size());
      assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("Not drift-tested") && n.contains("quarter_end_days")),
          String.valueOf(r.notes()));
      assertTrue(r.scorePsi() < 0.1, "score PSI " + r.scorePsi());
      assertFalse(r.retrainRecommended());
      // no score date has closed its horizon yet
      assertEquals(List.of(), r.evaluated());
      assertTrue(Files.isRegularFile(Path.of(r.reportPath())), r.reportPath());
    }
    // one gold/drift partition per night: a row per feature plus the score's (and the previous night's after the
    // first night)
    List<Row> counts = SPARK.read().format("delta").load(tables.path(Table.DRIFT)).groupBy("date").count()
        .orderBy("date").collectAsList();
    assertEquals(10, counts.size());
    assertEquals(tested + 1, counts.get(0).getLong(1));
    assertEquals(tested + 2, counts.get(9).getLong(1));
    // each night is a monitoring run with its metrics and the report as an artifact
    List<RunRecorder.StoredRun> runs = RunRecorder.at(tables.monitoringRunsDir(), Optional.empty()).list();
    assertEquals(10, runs.size());
    assertFalse(Double.isNaN(runs.get(0).run().metric("score_psi")));
    assertFalse(Double.isNaN(runs.get(0).run().metric("psi.lead_source")));
    assertTrue(runs.get(0).run().artifacts().stream().anyMatch(a -> a.startsWith("report/") && a.endsWith(".html")));
  }

  @Test
  @Order(2)
  void aShiftedTrafficMixRaisesFeatureAndScoreDriftAlerts() {
    LocalDate d = FIRST.plusDays(10);
    MonitorResult r = monitor(d, settings(Map.of()));
    Map<String, Set<String>> byKind = r.alerts().stream().collect(Collectors.groupingBy(Alert::kind,
        Collectors.mapping(Alert::subject, Collectors.toCollection(TreeSet::new))));
    assertEquals(Set.of("lead_source"), byKind.get(Alert.FEATURE_DRIFT), String.valueOf(r.alerts()));
    assertEquals(Set.of("score"), byKind.get(Alert.SCORE_DRIFT), String.valueOf(r.alerts()));
    // the inputs the shift does not touch stay quiet in every test
    for (String quiet : List.of("seniority", "lead_age_days", "industry_affinity", "days_since_last_touch")) {
      assertTrue(r.alerts().stream().noneMatch(a -> a.subject().equals(quiet)), quiet + ": " + r.alerts());
    }
    assertTrue(r.retrainRecommended());
    assertEquals(List.of(), r.problems(), "severity warn: alerts are not problems");
    Row source = SPARK.read().format("delta").load(tables.path(Table.DRIFT))
        .filter(col("date").equalTo(Date.valueOf(d)).and(col("feature").equalTo("lead_source"))).first();
    assertTrue(source.<Double>getAs("psi") > 0.25, "psi in gold/drift " + source);
    assertEquals("categorical", source.getAs("kind"));

    // the next night, with severity fail: the same alerts make the run degraded, and a rerun keeps one partition
    MonitorSettings fail = settings(Map.of("leadscore.monitor.severity", "fail"));
    MonitorResult next = monitor(d.plusDays(1), fail);
    MonitorResult again = monitor(d.plusDays(1), fail);
    assertTrue(next.problems().stream().anyMatch(p -> p.kind().equals(Problem.ALERT)
        && p.subject().equals("lead_source")), String.valueOf(next.problems()));
    assertEquals(next.alerts(), again.alerts());
    assertEquals(LeadWorld.FEATURES.size() - LeadWorld.DATE_DERIVED.size() + 2, SPARK.read().format("delta").load(tables.path(Table.DRIFT))
        .filter(col("date").equalTo(Date.valueOf(d.plusDays(1)))).count());
  }

  @Test
  @Order(3)
  void aChangedConversionMechanismShowsAucDecayOnceTheHorizonHasClosed() throws Exception {
    MonitorResult r = monitor(LATER, settings(Map.of()));
    assertEquals(NIGHTS, r.evaluated().size(), "every score date up to night 12 has closed its horizon");
    Map<String, PerformanceRow> byDate = r.evaluated().stream()
        .collect(Collectors.toMap(PerformanceRow::scoreDate, p -> p));
    Set<String> decayed = r.alerts().stream().filter(a -> a.kind().equals(Alert.AUC_DECAY))
        .map(a -> a.subject().split(" ")[0]).collect(Collectors.toCollection(TreeSet::new));
    Set<String> changed = CHANGED.stream().map(n -> FIRST.plusDays(n).toString())
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(changed, decayed, "decay exactly on the changed score dates: " + byDate);
    for (int night = 0; night < NIGHTS; night++) {
      PerformanceRow p = byDate.get(FIRST.plusDays(night).toString());
      assertEquals(LEADS, p.n());
      assertEquals(holdoutAuc, p.baselineAuc(), 1e-12);
      if (CHANGED.contains(night)) {
        assertTrue(p.auc() < holdoutAuc - 0.1, "night " + night + " " + p);
      } else {
        assertTrue(Math.abs(p.auc() - holdoutAuc) < 0.05, "night " + night + " " + p);
      }
    }
    List<Row> table = SPARK.read().format("delta").load(tables.path(Table.PERFORMANCE)).collectAsList();
    assertEquals(NIGHTS, table.size());
    // a rerun of the same night replaces what it wrote; a later night does not evaluate the same dates again
    assertEquals(NIGHTS, monitor(LATER, settings(Map.of())).evaluated().size());
    assertEquals(NIGHTS, SPARK.read().format("delta").load(tables.path(Table.PERFORMANCE)).count());
    assertEquals(NIGHTS, r.trend().size());
    String keep = System.getProperty("leadscore.report.keep");
    if (keep != null) {
      // the README's screenshot is taken from this report (drift, decay and the trend in one page)
      Files.copy(Path.of(r.reportPath()), Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Test
  @Order(4)
  void aChampionWithoutReferenceIsAProblemNotACrash() throws Exception {
    Files.delete(Path.of(ReferenceDistributions.path(champion.path())));
    MonitorResult r = monitor(FIRST, settings(Map.of()));
    assertEquals(List.of("monitor_no_reference"), r.problems().stream().map(Problem::kind).toList());
    assertTrue(r.problems().get(0).message().contains("Retrain (`leadscore train`)"), r.problems().get(0).message());
    assertEquals(List.of(), r.drift());
    assertTrue(Files.isRegularFile(Path.of(r.reportPath())));
  }
}
