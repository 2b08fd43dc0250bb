package io.leadscore.scoring.sink;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.LeadscoreException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlDialectTest {
  private final List<String> cols = List.of("lead_id", "score", "tier", "r1", "model", "updated_at");
  private final List<String> compared = List.of("score", "tier", "r1");

  @Test
  void postgresUpsertSkipsUnchangedRows() {
    assertEquals("INSERT INTO \"crm\".\"leads\" (\"lead_id\", \"score\", \"tier\", \"r1\", \"model\", \"updated_at\") "
            + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (\"lead_id\") DO UPDATE SET \"score\" = EXCLUDED.\"score\", "
            + "\"tier\" = EXCLUDED.\"tier\", \"r1\" = EXCLUDED.\"r1\", \"model\" = EXCLUDED.\"model\", "
            + "\"updated_at\" = EXCLUDED.\"updated_at\" WHERE (\"crm\".\"leads\".\"score\", \"crm\".\"leads\".\"tier\", "
            + "\"crm\".\"leads\".\"r1\") IS DISTINCT FROM (EXCLUDED.\"score\", EXCLUDED.\"tier\", EXCLUDED.\"r1\")",
        SqlDialect.POSTGRESQL.upsert("crm.leads", "lead_id", cols, compared));
  }

  @Test
  void mysqlUpsertUpdatesOtherColumnsFirstAndOnlyWhenAComparedColumnChanged() {
    String cond = "`score` <=> VALUES(`score`) AND `tier` <=> VALUES(`tier`) AND `r1` <=> VALUES(`r1`)";
    assertEquals("INSERT INTO `leads` (`lead_id`, `score`, `tier`, `r1`, `model`, `updated_at`) "
            + "VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
            + "`model` = IF(" + cond + ", `model`, VALUES(`model`)), "
            + "`updated_at` = IF(" + cond + ", `updated_at`, VALUES(`updated_at`)), "
            + "`score` = VALUES(`score`), `tier` = VALUES(`tier`), `r1` = VALUES(`r1`)",
        SqlDialect.MYSQL.upsert("leads", "lead_id", cols, compared));
  }

  @Test
  void refusesNamesThatAreNotIdentifiers() {
    LeadscoreException e = assertThrows(LeadscoreException.class,
        () -> SqlDialect.POSTGRESQL.upsert("leads; drop table x", "lead_id", cols, compared));
    assertTrue(e.getMessage().contains("'leads; drop table x' is not a plain SQL identifier"), e.getMessage());
    LeadscoreException d = assertThrows(LeadscoreException.class, () -> SqlDialect.parse("oracle"));
    assertTrue(d.getMessage().contains("'leadscore.writeback.jdbc.dialect' is 'oracle'"), d.getMessage());
  }
}
