package io.leadscore.scoring.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The two ledger tables' layouts: existing tables and positional rows depend on the column order. */
class CrmSyncLedgerSchemaTest {
  private static final List<String> UPDATE = List.of("lead_id", "score", "tier", "reasons", "model_version",
      "score_date", "cleared_reason", "action");

  @Test
  void crmSyncKeepsItsColumnOrder() {
    assertEquals(List.of("lead_id", "score", "tier", "reasons", "model_version", "score_date", "cleared_reason",
        "batch_key", "run_id", "delivered_at", "action"), names(CrmSyncLedger.SCHEMA));
  }

  @Test
  void crmPendingKeepsItsColumnOrder() {
    assertEquals(List.of("seq", "batch_key", "pos", "lead_id", "score", "tier", "reasons", "model_version",
        "score_date", "cleared_reason", "action", "run_id", "written_at"), names(CrmSyncLedger.PENDING));
  }

  @Test
  void anUpdateHasTheSameTypesInBothTables() {
    for (String column : UPDATE) {
      StructField sync = CrmSyncLedger.SCHEMA.apply(column);
      StructField pending = CrmSyncLedger.PENDING.apply(column);
      assertEquals(sync.dataType(), pending.dataType(), column);
      assertEquals(sync.nullable(), pending.nullable(), column);
    }
    assertEquals(false, CrmSyncLedger.SCHEMA.apply("lead_id").nullable(), "a ledger row always names its lead");
  }

  private static List<String> names(StructType schema) {
    return Arrays.asList(schema.fieldNames());
  }
}
