package io.leadscore.scoring.spark;

import static org.apache.spark.sql.functions.*;
import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.SparkTestSession;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.scoring.sink.CrmSink;
import io.leadscore.scoring.sink.CrmSinks;
import io.leadscore.scoring.sink.FakeCrmServer;
import io.leadscore.scoring.sink.HttpSinkSettings;
import io.leadscore.scoring.sink.RetryPolicy;
import io.leadscore.scoring.sink.SinkException;
import io.leadscore.scoring.sink.UpdateBatch;
import io.leadscore.scoring.writeback.WritebackSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writeback's bookkeeping on real Delta tables (crm_sync, crm_pending) against the in-process HTTP CRM,
 * which remembers idempotency keys and replays its answers as the contract says: what the CRM shows after
 * A-B-A nights, backfills, crashes and partial answers, counted at the CRM.
 */
class CrmWritebackTest {
  static final SparkSession spark = SparkTestSession.get();
  static final LocalDate D1 = LocalDate.of(2026, 11, 22);
  static final LocalDate D2 = LocalDate.of(2026, 11, 23);
  static final LocalDate D3 = LocalDate.of(2026, 11, 24);
  static final StructType SCORES = new StructType().add("lead_id", DataTypes.StringType)
      .add("score", DataTypes.IntegerType).add("tier", DataTypes.StringType)
      .add("reasons", DataTypes.createArrayType(DataTypes.StringType)).add("model_version", DataTypes.StringType);
  @TempDir
  Path dir;
  Tables tables;
  FakeCrmServer crm;

  @BeforeEach
  void start() throws Exception {
    tables = Tables.at(dir.resolve("lake").toString());
    crm = new FakeCrmServer("1", 0);
  }

  @AfterEach
  void stop() {
    crm.close();
  }

  CrmSink http(int batchSize) {
    return CrmSinks.http(new HttpSinkSettings(crm.url(), "Authorization", "", Duration.ofSeconds(20), batchSize,
        new RetryPolicy(2, Duration.ZERO, Duration.ZERO, Duration.ZERO)), Optional.empty());
  }

  static WritebackSettings settings(int checkpointBatches) {
    return WritebackSettings.from(LeadscoreConfig.defaults(Map.of("leadscore.writeback.checkpoint_batches",
        String.valueOf(checkpointBatches), "leadscore.writeback.error_budget", "5")));
  }

  CrmWriteback.Result night(LocalDate date, Map<String, Integer> scores, CrmSink sink, int checkpointBatches) {
    return new CrmWriteback(spark, tables, settings(checkpointBatches), "run-" + date)
        .deliver(sink, date, scores(scores), noneBlocked());
  }

  static Dataset<Row> scores(Map<String, Integer> scores) {
    List<Row> rows = new ArrayList<>();
    scores.forEach((lead, s) -> rows.add(RowFactory.create(lead, s, s >= 50 ? "A" : "C",
        List.of("Visited the pricing page " + s % 7 + " times").toArray(new String[0]), "1")));
    return spark.createDataFrame(rows, SCORES);
  }

  static Dataset<Row> noneBlocked() {
    return spark.createDataFrame(List.of(), new StructType().add("lead_id", DataTypes.StringType)
        .add("reason", DataTypes.StringType));
  }

  static Map<String, Integer> leads(int from, int to, int shift) {
    Map<String, Integer> m = new HashMap<>();
    for (int i = from; i < to; i++) {
      m.put(String.format("L%03d", i), (i * 13 + shift) % 100);
    }
    return m;
  }

  Map<String, Row> sync() {
    Map<String, Row> m = new HashMap<>();
    spark.read().format("delta").load(tables.path(Table.CRM_SYNC))
        .select("lead_id", "score", "score_date", "cleared_reason", "model_version").collectAsList()
        .forEach(r -> m.put(r.getString(0), r));
    return m;
  }

  long pendingRows() {
    return spark.read().format("delta").load(tables.path(Table.CRM_PENDING)).count();
  }

  @Test
  void aToBToAOverThreeNightsEndsWithAInTheCrm() {
    Map<String, Integer> a = leads(0, 12, 0);
    Map<String, Integer> b = leads(0, 12, 41);
    // checkpoints of 10 batches: fewer Delta commits, the same keys
    night(D1, a, http(5), 10);
    night(D2, b, http(5), 10);
    CrmWriteback.Result third = night(D3, a, http(5), 10);
    assertEquals(12, third.report().delivered(), "night 3 is a new change for every lead");
    a.forEach((lead, s) -> assertEquals(s, crm.score(lead), "the CRM shows A again for " + lead));
    sync().forEach((lead, r) -> {
      assertEquals(a.get(lead), r.getInt(1), lead);
      assertEquals(java.sql.Date.valueOf(D3), r.getDate(2), "crm_sync records the score date");
      assertEquals("1", r.getString(4), "and the model version");
    });
    assertEquals(9, crm.requestKeys.stream().distinct().count(), "3 nights x 3 batches, all distinct keys");
  }

  @Test
  void aBackfillForAnOlderDateLeavesTheNewerValuesAndCountsWhatItHeldBack() {
    Map<String, Integer> newer = leads(0, 10, 41);
    night(D3, newer, http(50), 1);
    Map<String, Integer> older = leads(0, 15, 0);
    CrmWriteback.Result backfill = night(D1, older, http(50), 1);
    assertEquals(10, backfill.heldBack(), "every lead the CRM holds from D3 is held back");
    assertEquals(5, backfill.report().delivered(), "leads the CRM never had are sent");
    newer.forEach((lead, s) -> assertEquals(s, crm.score(lead), "newer value kept for " + lead));
    Map<String, Row> sync = sync();
    newer.keySet().forEach(l -> assertEquals(java.sql.Date.valueOf(D3), sync.get(l).getDate(2), l));
    assertEquals(java.sql.Date.valueOf(D1), sync.get("L012").getDate(2));
    assertEquals(0, night(D1, older, http(50), 1).report().batches(), "a repeated backfill sends nothing");
  }

  @Test
  void aNightThatFindsAValueUnchangedConfirmsItSoABackfillForAnOlderDateCannotOverwriteIt() {
    // night D2 delivers; night D3 finds every value unchanged and sends nothing; then a backfill of D2 with
    // other values (e.g. another reasons count): the CRM must keep what the newest night confirmed
    Map<String, Integer> a = leads(0, 8, 0);
    night(D2, a, http(50), 10);
    CrmWriteback.Result unchanged = night(D3, a, http(50), 10);
    assertEquals(0, unchanged.report().batches(), "nothing changed: nothing is sent");
    sync().forEach((lead, r) -> assertEquals(java.sql.Date.valueOf(D3), r.getDate(2),
        "night D3 confirmed " + lead + " as current"));
    int requests = crm.requestKeys.size();
    CrmWriteback.Result backfill = night(D2, leads(0, 8, 29), http(50), 10);
    assertEquals(8, backfill.heldBack(), "every lead's value was confirmed by a newer night");
    assertEquals(0, backfill.report().delivered());
    assertEquals(requests, crm.requestKeys.size(), "the backfill sent nothing");
    a.forEach((lead, s) -> assertEquals(s, crm.score(lead), "the newest night's value stays for " + lead));
  }

  @Test
  void aCrashAfterAConfirmedMiddleBatchThenAChangedNightSendsNoUpdateTwice() {
    Map<String, Integer> first = leads(0, 30, 0);
    CrmSink http = http(5);
    List<String> offered = new ArrayList<>();
    CrmSink crashing = new CrmSink() {
      @Override
      public int batchSize() {
        return 5;
      }

      @Override
      public void send(UpdateBatch batch) {
        offered.add(batch.key());
        if (offered.size() == 2) {
          throw new SinkException("CRM unreachable");
        }
        http.send(batch);
        if (offered.size() == 4) {
          throw new IllegalStateException("simulated crash after the CRM confirmed batch 4");
        }
      }

      @Override
      public String target() {
        return http.target();
      }
    };
    // checkpoint every 10 batches: batches 1, 3 and 4 reach the CRM and none is recorded before the crash
    assertThrows(IllegalStateException.class, () -> night(D1, first, crashing, 10));
    assertEquals(30, pendingRows(), "every intended batch was written before sending");

    Map<String, Integer> second = new HashMap<>(first);
    second.putAll(leads(0, 15, 57));
    CrmWriteback.Result next = night(D2, second, http(5), 10);
    assertEquals(30, next.report().resent(), "the 6 pending batches first, with their original keys");
    assertEquals(15, next.changed(), "then only the leads whose value changed since");
    assertEquals(0, next.report().failed() + next.report().pending());
    crm.appliedUpdates.forEach((update, n) -> assertEquals(1, n, "applied twice at the CRM: " + update));
    second.forEach((lead, s) -> assertEquals(s, crm.score(lead), lead));
    assertEquals(0, pendingRows());
    assertEquals(0, night(D2, second, http(5), 10).report().batches(), "converged");
  }

  @Test
  void aPartial2xxIsSplitNotLoopedAndTheRejectedRowGoesNextRunUnderANewKey() {
    crm.reject.add("L004");
    Map<String, Integer> s = leads(0, 8, 0);
    CrmWriteback.Result first = night(D1, s, http(10), 1);
    assertEquals(1, crm.requestKeys.size(), "one request: the partial answer is final for its key");
    assertEquals(7, first.report().delivered());
    assertEquals(1, first.report().failed());
    assertEquals(7, sync().size());
    assertEquals(1, pendingRows(), "the rejected row waits under a new key");

    crm.reject.clear();
    CrmWriteback.Result second = night(D1, s, http(10), 1);
    assertEquals(1, second.report().resent());
    assertEquals(1, second.report().delivered());
    assertEquals(2, crm.requestKeys.stream().distinct().count());
    s.keySet().forEach(l -> assertEquals(1, crm.applied.get(l), l));
  }

  @Test
  void aClearReachesEveryDeliveredLeadExactlyOnceAndIsRecorded() {
    night(D1, leads(0, 6, 0), http(10), 1);
    CrmWriteback w = new CrmWriteback(spark, tables, settings(1), "erase-1");
    CrmWriteback.Result cleared = w.clear(http(10), List.of("L001", "L002", "L999"), "opted out", D2);
    assertEquals(2, cleared.cleared(), "L999 was never delivered: nothing to clear");
    assertEquals(2, cleared.report().delivered());
    assertNull(crm.score("L001"));
    assertEquals("opted out", crm.leads.get("L001").path("cleared").asText());
    assertTrue(crm.leads.get("L001").path("reasons").isEmpty());
    assertEquals("opted out", sync().get("L001").getString(3));
    assertEquals(0, w.clear(http(10), List.of("L001", "L002"), "opted out", D2).report().batches(),
        "a clear is sent once");
    // a backfill for an older date does not bring the score back
    CrmWriteback.Result backfill = night(D1, leads(0, 6, 3), http(10), 1);
    assertEquals(2, backfill.heldBack());
    assertNull(crm.score("L001"));
  }

  @Test
  void aCrmSyncOfTheLayoutWithoutScoreDatesIsUpgradedInPlace() {
    StructType old = new StructType().add("lead_id", DataTypes.StringType, false)
        .add("score", DataTypes.IntegerType, false).add("tier", DataTypes.StringType, false)
        .add("reasons", DataTypes.createArrayType(DataTypes.StringType, false), false)
        .add("model_version", DataTypes.StringType, false).add("batch_key", DataTypes.StringType, false)
        .add("run_id", DataTypes.StringType, false).add("delivered_at", DataTypes.TimestampType, false);
    List<Row> rows = new ArrayList<>();
    scores(leads(0, 5, 0)).collectAsList().forEach(r -> rows.add(RowFactory.create(r.getString(0), r.getInt(1),
        r.getString(2), r.getList(3).toArray(new String[0]), "1", "k-old", "run-old",
        java.sql.Timestamp.valueOf("2026-11-20 06:00:00"))));
    spark.createDataFrame(rows, old).write().format("delta").save(tables.path(Table.CRM_SYNC));

    CrmWriteback.Result r = night(D1, leads(0, 8, 0), http(50), 10);
    assertEquals(3, r.changed(), "the 5 leads already confirmed are unchanged");
    assertEquals(1, new CrmWriteback(spark, tables, settings(10), "erase").clear(http(50), List.of("L001"),
        "opted out", D1).cleared(), "a clear fits the upgraded table (nullable score)");
    assertEquals("opted out", sync().get("L001").getString(3));
    // an old row's score date was unknown; the night found its value unchanged and so confirmed it for D1
    assertEquals(java.sql.Date.valueOf(D1), sync().get("L002").getDate(2));
  }

  static Dataset<Row> withActions(Map<String, Integer> scores, Map<String, String> actions) {
    org.apache.spark.sql.Column action = lit("Call within a day");
    for (Map.Entry<String, String> e : actions.entrySet()) {
      action = when(col("lead_id").equalTo(e.getKey()), e.getValue()).otherwise(action);
    }
    return scores(scores).withColumn("action", action);
  }

  @Test
  void aChangedNextBestActionAloneIsSentAgainAndALedgerWithoutActionsGainsThem() {
    Map<String, Integer> a = leads(0, 5, 0);
    CrmWriteback w = new CrmWriteback(spark, tables, settings(10), "run-actions");
    assertEquals(5, w.deliver(http(50), D1, withActions(a, Map.of()), noneBlocked()).report().delivered());
    assertEquals("Call within a day", crm.leads.get("L001").path("next_best_action").asText());
    assertEquals(0, w.deliver(http(50), D2, withActions(a, Map.of()), noneBlocked()).changed(),
        "same score, tier, reasons and action: nothing to send");

    CrmWriteback.Result changed = w.deliver(http(50), D3,
        withActions(a, Map.of("L001", "Send pricing", "L003", "Ask who decides")), noneBlocked());
    assertEquals(2, changed.changed(), "the score is the same, the advice the rep reads is not");
    assertEquals("Send pricing", crm.leads.get("L001").path("next_best_action").asText());
    assertEquals("Ask who decides", crm.leads.get("L003").path("next_best_action").asText());

    // a crm_sync written before actions were recorded: the column is added, and every action is sent once
    String path = tables.path(Table.CRM_SYNC);
    spark.read().format("delta").load(path).drop("action").write().format("delta").mode("overwrite")
        .option("overwriteSchema", "true").save(path + "_old");
    spark.read().format("delta").load(path + "_old").write().format("delta").mode("overwrite")
        .option("overwriteSchema", "true").save(path);
    CrmWriteback.Result upgraded = new CrmWriteback(spark, tables, settings(10), "run-upgrade").deliver(http(50), D3,
        withActions(a, Map.of("L001", "Send pricing", "L003", "Ask who decides")), noneBlocked());
    assertEquals(5, upgraded.changed(), "the CRM may lack every action: each is sent once");
    assertEquals(0, new CrmWriteback(spark, tables, settings(10), "run-again").deliver(http(50), D3,
        withActions(a, Map.of("L001", "Send pricing", "L003", "Ask who decides")), noneBlocked()).changed());
  }
}
