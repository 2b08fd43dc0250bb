package io.leadscore.features.gold.spark;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.features.gold.RefreshState;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attribute refresh's record: what it covers, which segment values moved, its JSON round trip, and when the
 * refresh trusts it (only deletes wrote the features table since).
 */
class RefreshStateTest {
  static final LocalDate D1 = LocalDate.of(2026, 6, 25);
  static final LocalDate D2 = LocalDate.of(2026, 7, 2);

  static Map<String, Map<String, Map<String, Double>>> values(Double us, Double gb, Double software) {
    Map<String, Double> country = new HashMap<>();
    country.put("US", us);
    country.put("GB", gb);
    return Map.of(D2.toString(), Map.of("country", country, "industry", Map.of("Software", software)));
  }

  @Test
  void movedListsTheKeysWhoseValueChangedAppearedOrWent() {
    RefreshState before = new RefreshState(Instant.EPOCH, 3, List.of(D1.toString(), D2.toString()),
        values(0.0123, 0.5, 0.2));
    assertTrue(before.moved(List.of(D1, D2), values(0.0123, 0.5, 0.2)).isEmpty());
    List<String[]> moved = before.moved(List.of(D1, D2), values(0.0124, 0.5, 0.2));
    assertEquals(1, moved.size());
    assertArrayEquals(new String[] {"2026-07-02", "country", "US"}, moved.get(0));
    assertEquals(1, before.moved(List.of(D2), values(0.0123, null, 0.2)).size(), "a value that became missing");
    Map<String, Map<String, Map<String, Double>>> withFr = values(0.0123, 0.5, 0.2);
    Map<String, Double> country = new HashMap<>(withFr.get(D2.toString()).get("country"));
    country.put("FR", 0.1);
    assertEquals(1, before.moved(List.of(D2), Map.of(D2.toString(), Map.of("country", country, "industry",
        Map.of("Software", 0.2)))).size(), "a new key");
    assertTrue(before.moved(List.of(D1), values(9.0, 9.0, 9.0)).isEmpty(), "only the given dates");
  }

  @Test
  void coversOnlyItsDatesAndOnlyWithAStamp() {
    RefreshState s = new RefreshState(Instant.EPOCH, 3, List.of(D1.toString()), Map.of());
    assertTrue(s.covers(List.of(D1)), "a date with no segment value is still covered");
    assertFalse(s.covers(List.of(D1, D2)));
    assertFalse(new RefreshState(null, 3, List.of(D1.toString()), Map.of()).covers(List.of(D1)));
  }

  @Test
  void roundTripsThroughJsonToTheLastBit() {
    RefreshState s = new RefreshState(Instant.parse("2026-12-07T23:59:01.123456Z"), 42,
        List.of(D1.toString(), D2.toString()), values(0.1 + 0.2, null, 1.0 / 3));
    RefreshState back = RefreshState.fromJson(s.toJson(), "attributes.json");
    assertEquals(s, back);
    assertTrue(back.moved(List.of(D2), values(0.1 + 0.2, null, 1.0 / 3)).isEmpty());
    var e = assertThrows(RuntimeException.class, () -> RefreshState.fromJson("{not json", "x/attributes.json"));
    assertTrue(e.getMessage().contains("x/attributes.json") && e.getMessage().contains("delete the file"),
        e.getMessage());
  }

  @Test
  void theStateIsTrustedWhileOnlyDeletesWroteTheTable(@TempDir java.nio.file.Path dir) {
    var spark = io.leadscore.core.SparkTestSession.get();
    var tables = io.leadscore.core.Tables.at(dir.toString());
    String path = tables.path(io.leadscore.core.Tables.Table.FEATURES);
    spark.sql("SELECT CAST(id AS STRING) lead_id, DATE'2026-07-02' as_of_date, 1.0 seniority FROM range(4)")
        .write().format("delta").partitionBy("as_of_date").save(path);
    AttributeRefresh refresh = new AttributeRefresh(spark, tables, io.leadscore.features.catalog.FeatureCatalog.standard(),
        io.leadscore.features.gold.GoldSettings.defaults());
    assertTrue(refresh.prior().isEmpty(), "no state yet");
    String state = io.leadscore.features.catalog.spark.GoldFiles.attributeStatePath(tables);
    io.leadscore.features.catalog.spark.GoldFiles.write(state,
        new RefreshState(Instant.EPOCH, 0, List.of("2026-07-02"), Map.of()).toJson());
    assertTrue(refresh.prior().isPresent(), "the table is at the state's version");
    var table = io.delta.tables.DeltaTable.forPath(spark, path);
    table.delete("lead_id = '0'"); // an erasure
    assertTrue(refresh.prior().isPresent(), "a delete removes rows, it changes none");
    table.update(org.apache.spark.sql.functions.expr("lead_id = '1'"),
        Map.of("seniority", org.apache.spark.sql.functions.lit(2.0)));
    assertTrue(refresh.prior().isEmpty(), "an update by another command: every row is compared");
    io.leadscore.features.catalog.spark.GoldFiles.write(state,
        new RefreshState(Instant.EPOCH, 9, List.of("2026-07-02"), Map.of()).toJson());
    assertTrue(refresh.prior().isEmpty(), "a state ahead of the table (a table restored or recreated)");
  }
}
