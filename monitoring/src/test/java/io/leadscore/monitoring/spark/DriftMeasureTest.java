package io.leadscore.monitoring.spark;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.SparkTestSession;
import io.leadscore.monitoring.CurrentDistribution;
import io.leadscore.models.reference.FeatureReference;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Tonight's values land in the reference's bins by the reference's own rule, and the KS sample is drawn from all of
 * them, whatever order the rows arrive in.
 */
class DriftMeasureTest {
  @Test
  void eachValueLandsInTheBinTheReferenceCountedItIn() {
    // numeric: edges 1, 2, 3 make bins (-inf,1], (1,2], (2,3], (3,inf); categorical: codes 0, 1, 4
    FeatureReference numeric = new FeatureReference("x", false, new double[] {1, 2, 3}, new long[] {1, 1, 1, 1}, 4, 0,
        new double[] {1, 2, 3, 4});
    FeatureReference levels = new FeatureReference("c", true, new double[] {0, 1, 4}, new long[] {1, 1, 1}, 3, 0,
        new double[0]);
    java.util.List<Row> rows = java.util.List.of(
        org.apache.spark.sql.RowFactory.create(0.5, 0.0),
        org.apache.spark.sql.RowFactory.create(1.0, 1.0), // on an edge: its own bin, (0, 1]
        org.apache.spark.sql.RowFactory.create(1.0000000001, 4.0), // a float reads it as 1.0: still (0, 1]
        org.apache.spark.sql.RowFactory.create(2.5, 2.0), // code 2 was never seen in training
        org.apache.spark.sql.RowFactory.create(9.0, null),
        org.apache.spark.sql.RowFactory.create(null, 4.0),
        org.apache.spark.sql.RowFactory.create(Double.NaN, Double.NaN));
    Dataset<Row> day = SparkTestSession.get().createDataFrame(rows, new org.apache.spark.sql.types.StructType()
        .add("x", org.apache.spark.sql.types.DataTypes.DoubleType)
        .add("c", org.apache.spark.sql.types.DataTypes.DoubleType)).repartition(3);
    Map<String, FeatureReference> refs = new java.util.LinkedHashMap<>();
    refs.put("x", numeric);
    refs.put("c", levels);
    Map<String, CurrentDistribution> m = DriftMeasure.measure(day, refs, 0, 1);
    assertArrayEquals(new long[] {3, 0, 1, 1}, m.get("x").counts());
    assertEquals(2, m.get("x").missing());
    assertEquals(0, m.get("x").unseen());
    assertArrayEquals(new long[] {1, 1, 2}, m.get("c").counts());
    assertEquals(1, m.get("c").unseen());
    assertEquals(2, m.get("c").missing());
    assertEquals(7, m.get("x").rows());
    assertEquals(7, m.get("c").rows());
  }

  @Test
  void theSampleOfRowsThatArriveSortedCoversTheirWholeRange() {
    // rows grouped by value, as the features' joins by country or industry leave them
    Dataset<Row> day = SparkTestSession.get().range(0, 10_000, 1, 1).selectExpr("CAST(id AS DOUBLE) AS x");
    FeatureReference ref = FeatureReference.of("x", false,
        LongStream.range(0, 10_000).mapToDouble(v -> v).toArray(), 10, 2_000, 1);
    Map<String, CurrentDistribution> m = DriftMeasure.measure(day, Map.of("x", ref), 1_000, 7);
    double[] sample = m.get("x").sample();
    assertEquals(1_000, sample.length);
    double mean = Arrays.stream(sample).average().orElseThrow();
    assertTrue(Arrays.stream(sample).max().orElseThrow() > 9_500, "the top of the range is sampled");
    assertEquals(5_000, mean, 400, "an unbiased sample's mean");
    // and so the KS test of the same values against themselves stays quiet
    assertEquals(10_000, m.get("x").rows());
  }
}
