package io.leadscore.scoring.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.scoring.writeback.Writeback;
import io.leadscore.scoring.writeback.WritebackSettings;
import io.leadscore.scoring.writeback.ConfiguredSink;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JDBC sink against a real PostgreSQL (one instance for the class) whose CRM table has a row locked by another
 * session, as a CRM user editing a lead would: the batch fails within the configured query timeout with a message
 * that says so, stays pending, and the next run delivers it once the lock is gone. Without the timeout the stage
 * waited for ever.
 */
class JdbcSinkTimeoutTest {
  static EmbeddedPostgres pg;

  @BeforeAll
  static void start() throws Exception {
    pg = EmbeddedPostgres.start();
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE crm_leads (lead_id text PRIMARY KEY, lead_score int, lead_tier text, "
          + "score_reason_1 text, score_reason_2 text, score_reason_3 text, score_model_version text, "
          + "score_updated_at timestamp)");
      st.execute("INSERT INTO crm_leads (lead_id, lead_score) VALUES ('L0001', 5)");
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  static CrmSink sink(String queryTimeout) {
    Map<String, String> o = new HashMap<>(Map.of("leadscore.writeback.sink", "jdbc",
        "leadscore.writeback.jdbc.url", pg.getJdbcUrl("postgres", "postgres"),
        "leadscore.writeback.jdbc.query_timeout", queryTimeout, "leadscore.writeback.jdbc.socket_timeout", "30s"));
    return ConfiguredSink.from(WritebackSettings.from(LeadscoreConfig.defaults(o)), name -> null);
  }

  @Test
  void aRowLockedInTheCrmFailsTheBatchWithinTheQueryTimeoutAndTheNextRunDeliversIt() throws Exception {
    MemoryLedger ledger = new MemoryLedger();
    List<CrmSink.ScoreUpdate> leads = MemoryLedger.leads(3, 40);
    try (Connection editor = pg.getPostgresDatabase().getConnection()) {
      editor.setAutoCommit(false);
      try (Statement st = editor.createStatement()) {
        st.execute("SELECT * FROM crm_leads WHERE lead_id = 'L0001' FOR UPDATE");
      }
      CrmSink sink = sink("1s");
      long t0 = System.nanoTime();
      SinkException e = assertThrows(SinkException.class, () -> sink.send(UpdateBatch.of(leads)));
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertTrue(seconds < 15, "failed after " + seconds + " s, not at once but not for ever either");
      assertEquals("query timeout", e.kind());
      assertTrue(e.getMessage().contains("did not finish within leadscore.writeback.jdbc.query_timeout (1 s; a row "
          + "lock in the CRM database?)"), e.getMessage());
      assertTrue(e.getMessage().contains("the batch stays pending and is retried next run"), e.getMessage());
      assertFalse(e.definitive(), "the same key is offered again");

      Writeback.Report held = new Writeback(1, 3).deliver(ledger.changes(leads), sink, ledger);
      assertEquals(3, held.failed());
      assertEquals(Map.of("query timeout", 1), held.errorKinds());
      assertEquals(1, ledger.pending.size(), "the batch waits in the pending ledger: nothing lost");
      editor.rollback();
    }
    Writeback.Report next = new Writeback(1, 3).deliver(ledger.changes(leads), sink("1s"), ledger);
    assertEquals(3, next.resent());
    assertEquals(3, next.delivered());
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT lead_score FROM crm_leads WHERE lead_id = 'L0001'")) {
      assertTrue(rs.next());
      assertEquals(leads.get(1).score(), rs.getInt(1));
    }
  }

  /**
   * The route stage's owners over jdbc: the owner columns alone are upserted (the score stays), a re-sent batch
   * changes nothing, and a later score leaves the owner alone.
   */
  @Test
  void ownersFillTheOwnerColumnsAloneAndAResendChangesNothing() throws Exception {
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      st.execute("ALTER TABLE crm_leads ADD COLUMN IF NOT EXISTS owner_rep_id text, "
          + "ADD COLUMN IF NOT EXISTS owner_assigned_on date, ADD COLUMN IF NOT EXISTS owner_reason text");
      st.execute("INSERT INTO crm_leads (lead_id, lead_score) VALUES ('L0500', 7)");
    }
    Map<String, String> o = new HashMap<>(Map.of("leadscore.writeback.sink", "jdbc",
        "leadscore.writeback.jdbc.url", pg.getJdbcUrl("postgres", "postgres"),
        "leadscore.writeback.jdbc.columns.owner", "owner_rep_id",
        "leadscore.writeback.jdbc.columns.owner_assigned_on", "owner_assigned_on",
        "leadscore.writeback.jdbc.columns.owner_reason", "owner_reason"));
    CrmSink sink = ConfiguredSink.from(WritebackSettings.from(LeadscoreConfig.defaults(o)), name -> null);
    assertTrue(sink.carriesOwners());
    assertFalse(sink("5s").carriesOwners(), "without an owner column the jdbc sink delivers no owners");
    java.time.LocalDate d = java.time.LocalDate.of(2026, 11, 24);
    UpdateBatch owners = UpdateBatch.ofOwners(List.of(new CrmSink.OwnerUpdate("L0500", "ana", d, "tier A, Ana 1/20"),
        new CrmSink.OwnerUpdate("L0501", "ben", d, "tier B, Ben 2/20")), List.of("", ""));
    sink.send(owners);
    String q = "SELECT lead_id, lead_score, owner_rep_id, owner_assigned_on, owner_reason, score_updated_at "
        + "FROM crm_leads WHERE lead_id IN ('L0500', 'L0501') ORDER BY lead_id";
    List<String> first = rows(q);
    assertTrue(first.get(0).startsWith("L0500|7|ana|2026-11-24|tier A, Ana 1/20|"), first.get(0));
    assertTrue(first.get(1).startsWith("L0501|null|ben|2026-11-24|tier B, Ben 2/20|"), first.get(1));
    Thread.sleep(5);
    sink.send(owners);
    assertEquals(first, rows(q), "a re-sent batch changes nothing (not even updated_at)");
    sink.send(UpdateBatch.of(List.of(new CrmSink.ScoreUpdate("L0500", 81, "A", List.of(), "3"))));
    assertTrue(rows(q).get(0).startsWith("L0500|81|ana|2026-11-24|"), "a score leaves the owner: " + rows(q));
  }

  static List<String> rows(String sql) throws Exception {
    List<String> out = new java.util.ArrayList<>();
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          b.append(i == 1 ? "" : "|").append(rs.getString(i));
        }
        out.add(b.toString());
      }
    }
    return out;
  }

  @Test
  void theTimeoutsReachTheDriver() {
    JdbcCrmSink s = (JdbcCrmSink) sink("7s");
    assertEquals("10", s.properties().getProperty("connectTimeout"));
    assertEquals("30", s.properties().getProperty("socketTimeout"));
  }
}
