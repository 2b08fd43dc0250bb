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

/** The KS sample of tonight's values is drawn from all of them, whatever order the rows arrive in. */
class DriftMeasureTest {
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
