package io.leadscore.serving;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.serving.store.DeltaReader;
import io.leadscore.serving.store.EmbeddedStore;
import io.leadscore.serving.store.Lakehouse;
import io.leadscore.serving.store.StoredLead;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store reads gold tables that Spark and Delta wrote, with Delta Kernel and no Spark: the latest
 * night only, scores, consent, and an erasure after a refresh. Tiny hand-made tables (one Spark write each); the
 * only Spark in the serving tests, and only to write.
 */
class LakehouseServingTest {
  static final LocalDate NIGHT = LocalDate.of(2026, 11, 24);
  @TempDir
  static Path dir;
  static Tables tables;
  static SparkSession spark;

  @BeforeAll
  static void tables() {
    spark = SparkTestSession.get();
    tables = Tables.at(dir.resolve("lakehouse").toString());
    spark.sql("SELECT * FROM VALUES ('L1', DATE'2026-11-10', 1.0D, 'retail', 10L), "
            + "('L9', DATE'2026-11-10', 2.0D, 'media', 5L), ('L1', DATE'2026-11-24', 7.0D, 'retail', 10L), "
            + "('L2', DATE'2026-11-24', 0.0D, NULL, 200L), ('L3', DATE'2026-11-24', 4.0D, 'media', 1L) "
            + "AS t(lead_id, as_of_date, page_views_7d, industry, employees)")
        .write().format("delta").partitionBy("as_of_date").save(tables.path(Table.FEATURES));
    spark.sql("SELECT * FROM VALUES "
            + "('L1', 0.11D, 11, 'D', array('old'), 'lead-score', '2', 'champion', 'email', 'model', DATE'2026-11-10'), "
            + "('L1', 0.8123D, 81, 'A', array('Visited the pricing page 7 times', 'Works in retail'), 'lead-score', "
            + "'3', 'champion', 'call today', 'model', DATE'2026-11-24'), "
            + "('L2', 0.05D, 5, 'D', array(), 'lead-score', '3', 'challenger', 'nurture', 'model', DATE'2026-11-24') "
            + "AS t(lead_id, probability, score, tier, reasons, model_name, model_version, arm, action, score_source, "
            + "score_date)")
        .write().format("delta").partitionBy("score_date").save(tables.path(Table.LEAD_SCORES));
    spark.sql("SELECT * FROM VALUES ('L3', 'Profiling', 'Opt-Out', TIMESTAMP'2026-11-20 10:00:00'), "
            + "('L2', 'all', 'opt_out', TIMESTAMP'2026-11-01 10:00:00'), "
            + "('L2', 'profiling', 'opt_in', TIMESTAMP'2026-11-02 10:00:00'), "
            + "('L1', 'email', 'opt_out', TIMESTAMP'2026-11-03 10:00:00') "
            + "AS t(lead_id, channel, status, changed_at)")
        .write().format("delta").save(tables.path(Table.CONSENT));
  }

  @Test
  void theEmbeddedStoreHoldsTheLatestNightItsScoresAndConsentAndForgetsAnErasedLead() throws Exception {
    EmbeddedStore store = new EmbeddedStore(new Lakehouse(new DeltaReader(), tables));
    assertEquals(NIGHT, store.night().featureDate());
    assertEquals(java.util.Set.of("L1", "L2", "L3"), store.night().leads().keySet(), "L9 is not in the last night");
    StoredLead l1 = store.lead("L1").orElseThrow();
    assertEquals(Map.of("page_views_7d", 7.0, "industry", "retail", "employees", 10L), l1.features());
    assertEquals(0.8123, l1.nightly().probability());
    assertEquals(List.of("Visited the pricing page 7 times", "Works in retail"), l1.nightly().reasons());
    assertEquals("3", l1.nightly().model().version());
    assertEquals(NIGHT, l1.nightly().scoreDate());
    assertNull(l1.blocked(), "an email opt-out does not block profiling");
    assertEquals("challenger", store.lead("L2").orElseThrow().nightly().model().arm());
    assertNull(store.lead("L2").orElseThrow().blocked(), "a later opt-in wins");
    assertEquals("opted out", store.lead("L3").orElseThrow().blocked());
    assertNull(store.lead("L3").orElseThrow().nightly());
    assertFalse(store.refresh(), "nothing changed");

    // the service over this lakehouse, as `leadscore serve` starts it
    try (ServingApp app = ServingApp.start(LeadscoreConfig.defaults(Map.of("leadscore.storage.root",
        tables.root(), "leadscore.serving.port", "0", "leadscore.serving.api_keys.required", "false")), Map.of(),
        LeadScorer.NONE)) {
      assertEquals(200, get(app, "/v1/leads/L1/score").statusCode());
      assertEquals(403, get(app, "/v1/leads/L3/score").statusCode());
      assertEquals(404, get(app, "/v1/leads/L9/score").statusCode());
      assertTrue(get(app, "/readyz").body().contains("\"ready\""));
    }
    Path log = tables.root().isEmpty() ? null : Path.of(tables.root(), "online", "prediction_log");
    try (var files = Files.list(log)) {
      assertEquals(1, files.filter(f -> f.toString().endsWith(".jsonl")).count(), "the last batch is written");
    }

    // an erasure removes the lead from every table: after a refresh the service does not know it
    spark.sql("DELETE FROM delta.`" + tables.path(Table.FEATURES) + "` WHERE lead_id = 'L1'");
    // with deletion vectors (a table may have them on): the kernel applies them, the deleted row stays unread
    spark.sql("ALTER TABLE delta.`" + tables.path(Table.LEAD_SCORES) + "` SET TBLPROPERTIES "
        + "('delta.enableDeletionVectors' = 'true')");
    spark.sql("DELETE FROM delta.`" + tables.path(Table.LEAD_SCORES) + "` WHERE lead_id = 'L1'");
    assertTrue(store.refresh());
    assertTrue(store.lead("L1").isEmpty());
    assertFalse(new Lakehouse(new DeltaReader(), tables).scores().containsKey("L1"), "read through the deletion vector");
    assertEquals(0.05, store.lead("L2").orElseThrow().nightly().probability());
  }

  private static java.net.http.HttpResponse<String> get(ServingApp app, String path) throws Exception {
    return TestServer.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).GET().build());
  }
}
