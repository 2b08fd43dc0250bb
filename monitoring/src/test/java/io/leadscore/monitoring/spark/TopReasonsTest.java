package io.leadscore.monitoring.spark;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.SparkTestSession;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The report's top reasons on a few hand-made scores (no Delta, no model). */
class TopReasonsTest {
  static final SparkSession spark = SparkTestSession.get();

  @Test
  void theReportCountsFirstReasonsByFamilyAndDirectionNotByWording() {
    StructType schema = new StructType().add("lead_id", DataTypes.StringType)
        .add("reasons", DataTypes.createArrayType(DataTypes.StringType));
    List<Row> rows = List.of(
        RowFactory.create("L1", List.of("▼ Lead still open 7 months after creation", "▼ Seniority: Staff")),
        RowFactory.create("L2", List.of("▼ Lead still open 11 months after creation")),
        RowFactory.create("L3", List.of("▼ Ageing lead, created 5 months ago")),
        RowFactory.create("L4", List.of("▲ Fresh lead, created 4 days ago")),
        RowFactory.create("L5", List.of("▼ Only about 3 interactions a month since first contact")),
        RowFactory.create("L6", List.of("▼ Engages only about 2 times a month since creation")),
        RowFactory.create("L7", List.of()));
    Dataset<Row> tonight = spark.createDataFrame(rows, schema);
    assertEquals(List.of(Map.entry("▼ Lead age", 3L), Map.entry("▼ Engagement rate", 2L), Map.entry("▲ Lead age", 1L)),
        TopReasons.byFamily(tonight, Optional.empty(), "", 10));
    assertEquals(List.of(Map.entry("▼ Lead age", 3L)), TopReasons.byFamily(tonight, Optional.empty(), "", 1));
  }
}
