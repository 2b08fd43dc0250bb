package io.leadscore.features.gold;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.LeadscoreException;
import io.leadscore.core.SparkTestSession;
import io.leadscore.features.catalog.Catalogs;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.FeatureDefinition;
import io.leadscore.features.gold.spark.Imputer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ImputerTest {
  static final FeatureCatalog CATALOG = Catalogs.of("t", List.of(
      FeatureDefinition.builder("x").group("g").describe("x").reasons("x", "x").build(),
      FeatureDefinition.builder("seg").group("g").describe("segment").type(FeatureDefinition.Type.CATEGORY)
          .levels(List.of("a", "b")).reasons("s", "s").build()));

  static Dataset<Row> data(Object[]... rows) {
    return SparkTestSession.get().createDataFrame(List.of(rows).stream().map(RowFactory::create).toList(),
        StructType.fromDDL("lead_id string, x double, seg double"));
  }

  @Test
  void missingValuesTakeTheirSegmentsMedianElseTheGlobalOne() {
    Dataset<Row> train = data(new Object[] {"1", 1.0, 0.0}, new Object[] {"2", 3.0, 0.0}, new Object[] {"3", 5.0, 0.0},
        new Object[] {"4", 100.0, 1.0}, new Object[] {"5", 200.0, 1.0}, new Object[] {"6", null, 0.0},
        new Object[] {"7", null, null}, new Object[] {"8", 7.0, 0.0});
    Imputer imputer = new Imputer(CATALOG, "seg");
    Dataset<Row> fitted = imputer.fit(train);
    Map<String, Row> out = new HashMap<>();
    imputer.apply(train, fitted).collectAsList().forEach(r -> out.put(r.getString(0), r));
    assertEquals(3.0, out.get("6").getDouble(1), "median of segment a (1, 3, 5, 7), lower middle");
    assertEquals(5.0, out.get("7").getDouble(1), "no segment: global median of 1, 3, 5, 7, 100, 200");
    assertEquals(0.0, out.get("7").getDouble(2), "the categorical segment itself: its mode");
    assertEquals(100.0, out.get("4").getDouble(1), "known values are kept");
    assertEquals(8, out.size());
  }

  @Test
  void unknownSegmentIsNamed() {
    var e = assertThrows(LeadscoreException.class, () -> new Imputer(CATALOG, "region").fit(data()));
    assertTrue(e.getMessage().contains("'region'"), e.getMessage());
  }
}
