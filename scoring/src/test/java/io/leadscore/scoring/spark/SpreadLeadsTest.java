package io.leadscore.scoring.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.SparkTestSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * A date's features are one file, which Spark reads as one task; scoring spreads them over the cores (on one task,
 * a 1M-lead night's TreeSHAP ran on one core of two). The test session has one core, so the spread is asked for
 * two here.
 */
class SpreadLeadsTest {
  static final SparkSession spark = SparkTestSession.get();

  static Dataset<Row> oneFile() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      rows.add(RowFactory.create(String.format("L%07d", i), (double) i));
    }
    StructType schema = new StructType().add("lead_id", DataTypes.StringType).add("x", DataTypes.DoubleType);
    return spark.createDataFrame(rows, schema).coalesce(1);
  }

  static Map<String, Integer> taskOf(Dataset<Row> d) {
    Map<String, Integer> out = new HashMap<>();
    d.select(col("lead_id"), org.apache.spark.sql.functions.spark_partition_id()).collectAsList()
        .forEach(r -> out.put(r.getString(0), r.getInt(1)));
    return out;
  }

  @Test
  void oneTaskOfLeadsIsSpreadOverTheCoresTheSameWayEveryRun() {
    Dataset<Row> in = oneFile();
    assertEquals(1, in.rdd().getNumPartitions());
    Dataset<Row> spread = BatchScoring.spread(in, 2, true);
    assertEquals(2, spread.rdd().getNumPartitions());
    Map<String, Integer> first = taskOf(spread);
    assertEquals(400, first.size(), "every lead once");
    long inFirstTask = first.values().stream().filter(t -> t == 0).count();
    assertTrue(inFirstTask > 100 && inFirstTask < 300, "both tasks score leads: " + inFirstTask + " of 400");
    assertEquals(first, taskOf(BatchScoring.spread(oneFile(), 2, true)), "a lead's task is the same on every run");
    assertSame(in, BatchScoring.spread(in, 1, true), "one core: nothing to spread");
    // without reasons a lead's predict costs less than its share of the shuffle
    assertSame(in, BatchScoring.spread(in, 2, false), "no SHAP contributions: not worth a shuffle");
  }
}
