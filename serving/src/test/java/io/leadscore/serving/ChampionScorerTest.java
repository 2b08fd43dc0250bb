package io.leadscore.serving;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.models.registry.ModelCard;
import io.leadscore.models.registry.ModelRegistry;
import io.leadscore.models.registry.TestBoosters;
import io.leadscore.models.online.OnlineScorer;
import io.leadscore.models.score.ReasonSettings;
import io.leadscore.models.score.ScoreTiers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live champion swaps atomically: concurrent scores never fail and always name one of the two versions. */
class ChampionScorerTest {
  static final FeatureCatalog CATALOG = FeatureCatalog.standard();
  static final List<String> FEATURES = CATALOG.names();
  @TempDir
  Path dir;

  @Test
  void aSwapUnderLoadFailsNoScoreAndEveryAnswerNamesOneOfTheTwoVersions() throws Exception {
    ReasonSettings reasons = ReasonSettings.from(LeadscoreConfig.defaults(Map.of()).getConfig("leadscore.scoring"));
    String models = dir.resolve("models").toString();
    ModelRegistry r = ModelRegistry.local(models);
    DMatrix m = trainingRows(5);
    int v1 = save(r, m, 2);
    OnlineScorer first = OnlineScorer.load(models, CATALOG, reasons, 0);
    int v2 = save(r, m, 3);
    OnlineScorer second = OnlineScorer.load(models, CATALOG, reasons, 0);
    m.dispose();
    ScoreTiers tiers = new ScoreTiers(70, 40, 20);
    ChampionScorer live = new ChampionScorer(new ChampionScorer.Live(first, "" + v1, tiers, null));
    Map<String, Object> row = new HashMap<>();
    FEATURES.forEach(f -> row.put(f, 1.0));
    Set<String> seen = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> runs = new java.util.ArrayList<>();
    for (int t = 0; t < 4; t++) {
      runs.add(pool.submit(() -> {
        for (int i = 0; i < 500; i++) {
          seen.add(live.score("L" + i, row, Instant.now()).orElseThrow().model().version());
        }
      }));
    }
    for (int k = 0; k < 20; k++) {
      live.swap(new ChampionScorer.Live(k % 2 == 0 ? second : first, "" + (k % 2 == 0 ? v2 : v1), tiers, null));
      Thread.sleep(2);
    }
    for (Future<?> f : runs) {
      f.get(); // a failed score fails the test here
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    assertTrue(Set.of("" + v1, "" + v2).containsAll(seen), "versions seen: " + seen);
    assertFalse(seen.isEmpty());
  }

  /**
   * A static export's known lead is scored by the fit the batch chose for it (its nightly row's route: a fold
   * model), while the night's version is the live one; any other lead, or a night of another version, by the
   * deployed model.
   */
  @Test
  void aKnownLeadOfAStaticExportIsScoredByTheFoldModelItsNightlyRowNames() throws Exception {
    ReasonSettings reasons = ReasonSettings.from(LeadscoreConfig.defaults(Map.of()).getConfig("leadscore.scoring"));
    DMatrix m = trainingRows(7);
    byte[] deployed = booster(m, 3, 8);
    byte[] fold = booster(m, 1, 2);
    m.dispose();
    io.leadscore.models.score.ScoringModel model = new io.leadscore.models.score.ScoringModel("leadscore", "4",
        "champion", FEATURES, deployed);
    io.leadscore.models.score.ScoringModel foldModel = model.fit(fold,
        io.leadscore.models.score.ScoringModel.OUT_OF_FOLD, 0, 0);
    OnlineScorer scorer = new OnlineScorer(List.of(model, foldModel), CATALOG, reasons, 0);
    OnlineScorer foldOnly = new OnlineScorer(List.of(model.fit(fold, null, null, 0)), CATALOG, reasons, 0);
    ScoreTiers tiers = new ScoreTiers(70, 40, 20);
    ChampionScorer live = new ChampionScorer(new ChampionScorer.Live(scorer, "4", tiers, null));
    Map<String, Object> row = new HashMap<>();
    FEATURES.forEach(f -> row.put(f, 1.0));
    row.put(FEATURES.get(0), 3.0);
    double byDeployed = scorer.score("L1", row, tiers).probability();
    double byFold = foldOnly.score("L1", row, tiers).probability();
    assertNotEquals(byDeployed, byFold, "the two fits score this row differently");
    var night = new io.leadscore.serving.store.LeadScore(0.5, 50, "B", List.of(), "", new
        io.leadscore.serving.store.ModelRef("leadscore", "4", "champion"), null, foldModel.route());
    var routed = live.score("L1", row, Instant.now(), night).orElseThrow();
    assertEquals(byFold, routed.probability(), 0);
    assertEquals("champion/out_of_fold/0", routed.route());
    assertEquals("4", routed.model().version());
    var otherVersion = new io.leadscore.serving.store.LeadScore(0.5, 50, "B", List.of(), "", new
        io.leadscore.serving.store.ModelRef("leadscore", "3", "champion"), null, foldModel.route());
    assertEquals(byDeployed, live.score("L1", row, Instant.now(), otherVersion).orElseThrow().probability(), 0);
    assertEquals(byDeployed, live.score("L1", row, Instant.now()).orElseThrow().probability(), 0);
  }

  static byte[] booster(DMatrix m, int depth, int rounds) throws Exception {
    Booster b = XGBoost.train(m, Map.of("objective", "binary:logistic", "max_depth", depth, "eta", 0.3,
        "nthread", 1, "seed", 3, "verbosity", 0), rounds, Map.of(), null, null);
    byte[] bytes = b.toByteArray("ubj");
    b.dispose();
    return bytes;
  }

  static int save(ModelRegistry r, DMatrix m, int depth) throws Exception {
    Booster b = XGBoost.train(m, Map.of("objective", "binary:logistic", "max_depth", depth, "eta", 0.3,
        "nthread", 1, "seed", 3, "verbosity", 0), 5, Map.of(), null, null);
    ModelCard card = TestBoosters.register(r, b, FEATURES, CATALOG.version());
    r.promote(card.version(), "test champion");
    b.dispose();
    return card.version();
  }

  /** 200 rows of small integer features whose label is the first two features' sum above 3. */
  static DMatrix trainingRows(long seed) throws Exception {
    int w = FEATURES.size();
    int n = 200;
    float[] data = new float[n * w];
    float[] label = new float[n];
    java.util.Random rnd = new java.util.Random(seed);
    for (int i = 0; i < n * w; i++) {
      data[i] = rnd.nextInt(4);
    }
    for (int i = 0; i < n; i++) {
      label[i] = data[i * w] + data[i * w + 1] > 3 ? 1 : 0;
    }
    DMatrix m = new DMatrix(data, n, w, Float.NaN);
    m.setLabel(label);
    return m;
  }
}
