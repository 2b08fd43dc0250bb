package io.leadscore.cli;

import io.leadscore.scoring.spark.SmallModels;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import io.leadscore.core.SharedFixtures;
import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.gold.PipelineFixture;
import io.leadscore.models.registry.ModelCard;
import io.leadscore.models.registry.ModelRegistry;
import io.leadscore.scoring.ScoringSettings;
import io.leadscore.scoring.sink.CrmSinks;
import io.leadscore.scoring.spark.ScoreJob;
import io.leadscore.serving.ServingApp;
import io.leadscore.serving.guard.ApiKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code leadscore serve} with the registry's live champion over a generated, scored nightly (the shared 1500-lead
 * lakehouse, two small models as champion and challenger, one ScoreJob run): every scored lead answers online over
 * HTTP exactly as its {@code lead_scores} row, and a champion moved by the registry is swapped in under load.
 */
class ServeOnlineTest {
  static final String KEY = "serve-online-test-key";
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final SparkSession spark = SparkTestSession.get();
  static final FeatureCatalog catalog = FeatureCatalog.standard();
  @TempDir
  static Path dir;
  static PipelineFixture fx;
  static ModelRegistry registry;
  static ServingApp app;
  static Map<String, Row> night = new HashMap<>();
  static int champion;
  static int challenger;

  @BeforeAll
  static void setUp() throws Exception {
    long t0 = System.nanoTime();
    fx = PipelineFixture.shared(dir.resolve("lake"), 1500);
    registry = ModelRegistry.local(fx.tables.modelsDir());
    Dataset<Row> ts = spark.read().format("delta").load(fx.tables.path(Table.TRAINING_SET))
        .orderBy("lead_id", "as_of_date").limit(3000);
    champion = register(train(ts, 12, 3), ModelRegistry.Status.CHAMPION);
    challenger = register(train(ts, 6, 2), ModelRegistry.Status.CHALLENGER);
    long t1 = System.nanoTime();
    Config config = config();
    new ScoreJob(spark, fx.tables, catalog, registry).run(PipelineFixture.DATE, ScoringSettings.from(config),
        CrmSinks.csv(dir.resolve("outbox"), 3), "serve-online-test");
    spark.read().format("delta").load(fx.tables.path(Table.LEAD_SCORES))
        .filter(col("score_date").equalTo(lit(java.sql.Date.valueOf(PipelineFixture.DATE)))).collectAsList()
        .forEach(r -> night.put(r.getAs("lead_id"), r));
    long t2 = System.nanoTime();
    app = ServeCommand.start(config, Map.of("LEADSCORE_API_KEYS", ApiKeys.sha256(KEY)));
    System.err.printf("ServeOnlineTest setup: fixture + 2 models %.1f s, nightly scoring %.1f s, serve %.1f s%n",
        (t1 - t0) / 1e9, (t2 - t1) / 1e9, (System.nanoTime() - t2) / 1e9);
  }

  @AfterAll
  static void tearDown() {
    if (app != null) {
      app.close();
    }
  }

  static Config config() {
    return config(fx.tables.root());
  }

  static Config config(String root) {
    return LeadscoreConfig.defaults(Map.of("leadscore.storage.root", root,
        "leadscore.scoring.challenger.share", "0.3", "leadscore.serving.port", "0",
        "leadscore.serving.registry_poll", "200ms", "leadscore.serving.prediction_log.flush_interval", "1h",
        "leadscore.serving.rate_limit.per_second", "100000", "leadscore.serving.rate_limit.burst", "100000",
        "leadscore.serving.drain_timeout", "2s"));
  }

  static XGBoostClassificationModel train(Dataset<Row> ts, int rounds, int depth) {
    return SmallModels.fit(ts, catalog.names(), rounds, depth);
  }

  static int register(XGBoostClassificationModel m, ModelRegistry.Status status) throws Exception {
    int v = registry.claim();
    String path = registry.modelPath(v);
    m.write().overwrite().save(path + "/xgboost");
    ModelCard card = registry.register(ModelCard.builder().version(v).name("leadscore")
        .createdAt(Instant.now().toString()).path(path).features(catalog.names(), catalog.version()).seed(3).build());
    if (status == ModelRegistry.Status.CHAMPION) {
      registry.promote(card.version(), "test champion");
    } else {
      registry.mark(card.version(), status, "test " + status.label());
    }
    return v;
  }

  static JsonNode post(List<String> ids) throws Exception {
    return post(app, ids);
  }

  static JsonNode post(ServingApp app, List<String> ids) throws Exception {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode leads = body.putArray("leads");
    ids.forEach(id -> leads.addObject().put("lead_id", id));
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
            + "/v1/score")).header("Authorization", "Bearer " + KEY)
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body()).get("scores");
  }

  @Test
  void everyLeadOfTheNightScoresOnlineOverHttpExactlyAsTheBatchScoredIt() throws Exception {
    List<String> ids = new ArrayList<>(night.keySet());
    assertTrue(ids.size() > 500, "leads scored: " + ids.size());
    Set<String> arms = new java.util.HashSet<>();
    for (int from = 0; from < ids.size(); from += 1000) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 1000));
      JsonNode scores = post(chunk);
      assertEquals(chunk.size(), scores.size());
      for (int i = 0; i < chunk.size(); i++) {
        JsonNode a = scores.get(i);
        Row b = night.get(chunk.get(i));
        String who = chunk.get(i) + ": " + a;
        assertEquals(chunk.get(i), a.get("lead_id").asText(), who);
        assertEquals("online", a.get("source").asText(), who);
        assertEquals((double) b.getAs("probability"), a.get("probability").asDouble(), 1e-6, who);
        assertEquals((int) b.getAs("score"), a.get("score").asInt(), who);
        assertEquals(b.getAs("tier"), a.get("tier").asText(), who);
        List<String> reasons = new ArrayList<>();
        a.get("reasons").forEach(x -> reasons.add(x.asText()));
        assertEquals(b.getList(b.fieldIndex("reasons")), reasons, who);
        assertEquals(b.getAs("action"), a.get("next_best_action").asText(), who);
        assertEquals(b.getAs("model_version"), a.get("model").get("version").asText(), who);
        assertEquals(b.getAs("arm"), a.get("model").get("arm").asText(), who);
        assertEquals(b.getAs("model_name"), a.get("model").get("name").asText(), who);
        // a generated nightly is no static export: every lead is scored by its arm's deployed model
        assertEquals("model", b.getAs("score_source"), who);
        arms.add(a.get("model").get("arm").asText());
      }
    }
    assertEquals(Set.of("champion", "challenger"), arms, "both arms answered");
  }

  /**
   * Leads of the night with no web events and no CRM activities, posted only by their raw fields (no id, so the
   * champion scores them) at {@code as_of} the night: their features equal the batch's {@code features} row
   * (1e-9), computed by the batch's own definitions, and their score equals the night's.
   */
  @Test
  void aNewLeadPostedByItsFieldsGetsTheBatchsFeaturesAndScore() throws Exception {
    Dataset<Row> touched = spark.read().format("delta").load(fx.tables.path(Table.EVENTS)).select("lead_id")
        .union(spark.read().format("delta").load(fx.tables.path(Table.ACTIVITIES)).select("lead_id"));
    Dataset<Row> accounts = spark.read().format("delta").load(fx.tables.path(Table.ACCOUNTS))
        .select("account_id", "industry", "employees", "founded_year", "funding_rounds");
    List<Row> quiet = spark.read().format("delta").load(fx.tables.path(Table.LEADS))
        .join(touched, new String[] {"lead_id"}, "left_anti")
        .join(accounts, new String[] {"account_id"}, "left")
        .select("lead_id", "seniority", "department", "job_title", "lead_source", "country", "created_at",
            "industry", "employees", "founded_year", "funding_rounds")
        .collectAsList().stream().filter(r -> night.containsKey(r.<String>getAs("lead_id"))
            && night.get(r.<String>getAs("lead_id")).getAs("arm").equals("champion")).toList();
    assertTrue(quiet.size() >= 3, "leads without activity: " + quiet.size());
    Map<String, Row> features = new HashMap<>();
    spark.read().format("delta").load(fx.tables.path(Table.FEATURES))
        .filter(col("as_of_date").equalTo(lit(java.sql.Date.valueOf(PipelineFixture.DATE)))).collectAsList()
        .forEach(r -> features.put(r.getAs("lead_id"), r));
    Config config = config();
    var rules = io.leadscore.serving.guard.FieldRules.from(config);
    var stored = new io.leadscore.serving.store.Lakehouse(new io.leadscore.serving.store.DeltaReader(),
        fx.tables).load();
    var segments = new io.leadscore.serving.store.NightSegments(stored.leads().values());
    Instant at = PipelineFixture.DATE.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    ObjectNode body = JSON.createObjectNode();
    ArrayNode leads = body.putArray("leads");
    for (Row q : quiet) {
      Map<String, Object> raw = new java.util.LinkedHashMap<>();
      for (String f : List.of("seniority", "department", "job_title", "lead_source", "country", "industry",
          "employees", "founded_year", "funding_rounds")) {
        raw.put(f, q.getAs(f));
      }
      raw.put("created_at", ((java.sql.Timestamp) q.getAs("created_at")).toInstant().toString());
      Map<String, Double> online = io.leadscore.features.gold.LeadFeatures.row(rules.check(0, raw), at, catalog,
          segments);
      Row batch = features.get(q.<String>getAs("lead_id"));
      for (String f : catalog.names()) {
        Object b = batch.getAs(f);
        String who = q.getAs("lead_id") + " " + f;
        if (b == null) {
          assertNull(online.get(f), who);
        } else {
          assertNotNull(online.get(f), who);
          assertEquals(((Number) b).doubleValue(), online.get(f), 1e-9, who);
        }
      }
      ObjectNode lead = leads.addObject();
      lead.put("as_of", PipelineFixture.DATE.toString());
      ObjectNode fields = lead.putObject("fields");
      raw.forEach((k, v) -> {
        if (v != null) {
          fields.put(k, v.toString());
        }
      });
    }
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
            + "/v1/score")).header("Authorization", "Bearer " + KEY)
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    JsonNode scores = JSON.readTree(r.body()).get("scores");
    for (int i = 0; i < quiet.size(); i++) {
      JsonNode a = scores.get(i);
      Row b = night.get(quiet.get(i).<String>getAs("lead_id"));
      assertEquals("online", a.get("source").asText(), a.toString());
      assertEquals(PipelineFixture.DATE.toString(), a.get("feature_date").asText(), a.toString());
      assertEquals((double) b.getAs("probability"), a.get("probability").asDouble(), 1e-6, a.toString());
      assertEquals(b.getAs("tier"), a.get("tier").asText(), a.toString());
      List<String> reasons = new ArrayList<>();
      a.get("reasons").forEach(x -> reasons.add(x.asText()));
      assertEquals(b.getList(b.fieldIndex("reasons")), reasons, a.toString());
      assertEquals(String.valueOf(champion), a.get("model").get("version").asText(), a.toString());
    }
  }

  /**
   * Training (a promotion) and then {@code rollback} move the champion while 3 threads post: no request fails,
   * every answer names a version and carries that version's score, and once the watcher swapped (its poll is
   * 200 ms), every answer names the new champion. It moves the champion, so it runs on its own copy of the
   * lakehouse (a few MB; the cards' model paths still name the shared, read-only model folders) with its own
   * service: the other tests keep their champion whatever the order.
   */
  @Test
  void theChampionMovesLiveUnderLoadWithoutFailingARequest(@TempDir Path tmp) throws Exception {
    Path root = tmp.resolve("lakehouse");
    SharedFixtures.copyTree(Path.of(fx.tables.root()), root);
    ModelRegistry registry = ModelRegistry.local(Tables.at(root.toString()).modelsDir());
    try (ServingApp app = ServeCommand.start(config(root.toString()), Map.of("LEADSCORE_API_KEYS",
        ApiKeys.sha256(KEY)))) {
      championMovesUnderLoad(app, registry);
    }
  }

  private static void championMovesUnderLoad(ServingApp app, ModelRegistry registry) throws Exception {
    // leads the champion scored at night: their probability tells which version scored an answer
    List<String> ids = night.values().stream().filter(r -> r.getAs("arm").equals("champion"))
        .map(r -> (String) r.getAs("lead_id")).sorted().limit(20).toList();
    String v1 = String.valueOf(champion);
    String v2 = String.valueOf(challenger);
    // each answer with the time its request was sent: a request in flight while the watcher swaps may rightly be
    // answered by the old champion, so the checks after a swap take only requests sent once the swap was seen
    List<Sent> sent = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<Future<?>> load = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      load.add(pool.submit(() -> {
        while (!stop.get()) {
          long at = System.nanoTime();
          post(app, ids).forEach(a -> sent.add(new Sent(at, a))); // a failed request (not 200) fails here
        }
        return null;
      }));
    }
    try {
      Thread.sleep(300);
      registry.promote(challenger, "a new champion from training");
      waitForVersion(app, v2);
      long promoted = System.nanoTime();
      Thread.sleep(500);
      long rollbackAsked = System.nanoTime();
      registry.rollback();
      waitForVersion(app, v1);
      long rolledBack = System.nanoTime();
      Thread.sleep(500);
      stop.set(true);
      for (Future<?> f : load) {
        f.get();
      }
      List<JsonNode> answers = sent.stream().map(Sent::answer).toList();
      List<JsonNode> afterPromotion = sent.stream().filter(x -> x.at() > promoted && x.at() < rollbackAsked)
          .map(Sent::answer).toList();
      List<JsonNode> afterRollback = sent.stream().filter(x -> x.at() > rolledBack).map(Sent::answer).toList();
      assertFalse(afterPromotion.isEmpty());
      assertFalse(afterRollback.isEmpty());
      afterPromotion.forEach(a -> assertEquals(v2, a.get("model").get("version").asText(), a.toString()));
      afterRollback.forEach(a -> assertEquals(v1, a.get("model").get("version").asText(), a.toString()));
      // every answer names the version that scored it: v1's are the night's score, v2's are v2's, never mixed
      Map<String, Double> byV2 = new ConcurrentHashMap<>();
      afterPromotion.forEach(a -> byV2.put(a.get("lead_id").asText(), a.get("probability").asDouble()));
      int differ = 0;
      for (JsonNode a : answers) {
        String id = a.get("lead_id").asText();
        String v = a.get("model").get("version").asText();
        assertTrue(Set.of(v1, v2).contains(v), a.toString());
        double expected = v.equals(v1) ? (double) night.get(id).getAs("probability") : byV2.get(id);
        assertEquals(expected, a.get("probability").asDouble(), 1e-6, a.toString());
        differ += byV2.get(id) == (double) night.get(id).getAs("probability") ? 0 : 1;
      }
      assertTrue(differ > 0, "the two versions score these leads differently");
      // the new champion's tiers are the rank cut-offs over its own probabilities of the night's leads, as the
      // batch would take them tonight (not the old champion's cut-offs)
      registry.promote(challenger, "again");
      waitForVersion(app, v2);
      List<String> all = new ArrayList<>(night.keySet());
      List<JsonNode> now = new ArrayList<>();
      for (int from = 0; from < all.size(); from += 1000) {
        post(app, all.subList(from, Math.min(all.size(), from + 1000))).forEach(now::add);
      }
      var rule = ScoringSettings.from(config()).tiers().rule(now.stream()
          .mapToDouble(a -> a.get("probability").asDouble()).toArray());
      for (JsonNode a : now) {
        assertEquals(v2, a.get("model").get("version").asText(), a.toString());
        assertEquals(rule.tier(a.get("probability").asDouble()), a.get("tier").asText(), a.toString());
      }
    } finally {
      stop.set(true);
      pool.shutdownNow();
    }
  }

  /** One answer of the load and the time its request was sent. */
  private record Sent(long at, JsonNode answer) {}

  static void waitForVersion(ServingApp app, String version) throws Exception {
    long until = System.nanoTime() + 15_000_000_000L;
    String seen = null;
    while (System.nanoTime() < until) {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
          + "/readyz")).GET().build(), HttpResponse.BodyHandlers.ofString());
      seen = JSON.readTree(r.body()).path("model_version").asText();
      if (seen.equals(version)) {
        return;
      }
      Thread.sleep(50);
    }
    fail("the live champion is still v" + seen + ", not v" + version);
  }
}
