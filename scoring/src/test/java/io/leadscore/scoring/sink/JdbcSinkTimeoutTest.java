package io.leadscore.scoring.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.scoring.writeback.Writeback;
import io.leadscore.scoring.writeback.WritebackSettings;
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
    return CrmSinks.from(WritebackSettings.from(LeadscoreConfig.defaults(o)), name -> null);
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

  @Test
  void theTimeoutsReachTheDriver() {
    JdbcCrmSink s = (JdbcCrmSink) sink("7s");
    assertEquals("10", s.properties().getProperty("connectTimeout"));
    assertEquals("30", s.properties().getProperty("socketTimeout"));
  }
}
