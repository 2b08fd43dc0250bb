package io.leadscore.monitoring.spark;

import static org.apache.spark.sql.functions.*;

import io.leadscore.monitoring.CurrentDistribution;
import io.leadscore.models.reference.FeatureReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Counts tonight's values on each reference's bins in one aggregation pass over the day's rows, and draws a
 * bounded random sample for the KS tests: the full data never comes to the driver.
 */
final class DriftMeasure {
  private DriftMeasure() {}

  /**
   * @param day        the night's rows, one column per reference name
   * @param references by column name
   */
  static Map<String, CurrentDistribution> measure(Dataset<Row> day, Map<String, FeatureReference> references,
                                                  int sampleSize, long seed) {
    // one (feature, bin) pair per row and feature, then one small group-by: a wide aggregate with a buffer per
    // bin and feature makes Spark generate (and Janino compile, for minutes) one enormous method
    List<FeatureReference> refs = new ArrayList<>(references.values());
    List<Column> pairs = new ArrayList<>();
    for (int j = 0; j < refs.size(); j++) {
      pairs.add(struct(lit(j).as("f"), bin(refs.get(j)).as("b")));
    }
    long rows = 0;
    Map<Integer, Map<Integer, Long>> counts = new java.util.HashMap<>();
    if (!refs.isEmpty()) {
      for (Row r : day.select(explode(array(pairs.toArray(Column[]::new))).as("x"))
          .groupBy(col("x.f"), col("x.b")).count().collectAsList()) {
        counts.computeIfAbsent(r.getInt(0), k -> new java.util.HashMap<>()).put(r.getInt(1), r.getLong(2));
      }
      rows = counts.getOrDefault(0, Map.of()).values().stream().mapToLong(Long::longValue).sum();
    } else {
      rows = day.count();
    }
    // sample size 0: bins only (the score's PSI needs no KS sample)
    Map<String, double[]> samples = sampleSize == 0 ? Map.of() : sample(day, references, rows, sampleSize, seed);
    Map<String, CurrentDistribution> out = new LinkedHashMap<>();
    for (int j = 0; j < refs.size(); j++) {
      FeatureReference ref = refs.get(j);
      Map<Integer, Long> c = counts.getOrDefault(j, Map.of());
      long[] bins = new long[ref.counts().length];
      for (int b = 0; b < bins.length; b++) {
        bins[b] = c.getOrDefault(b, 0L);
      }
      out.put(ref.name(), new CurrentDistribution(bins, c.getOrDefault(UNSEEN, 0L), c.getOrDefault(MISSING, 0L), rows,
          samples.getOrDefault(ref.name(), new double[0])));
    }
    return out;
  }

  private static final int MISSING = -1;
  private static final int UNSEEN = -2;

  /**
   * The reference bin of the value: for a numeric feature the number of edges below it (bin j holds
   * {@code (edges[j-1], edges[j]]}), for a categorical one the index of its code; -1 missing, -2 unseen code.
   */
  static Column bin(FeatureReference ref) {
    Column v = value(ref.name());
    Column missing = v.isNull().or(isnan(v));
    double[] e = ref.edges();
    Column b;
    if (ref.categorical()) {
      b = lit(UNSEEN);
      for (int k = e.length - 1; k >= 0; k--) {
        b = when(v.equalTo(lit(e[k])), lit(k)).otherwise(b);
      }
    } else {
      b = lit(0);
      for (double edge : e) {
        b = b.plus(when(v.gt(lit(edge)), lit(1)).otherwise(lit(0)));
      }
    }
    return when(missing, lit(MISSING)).otherwise(b).cast("int");
  }

  /** The value as the model sees it: features are doubles in the table, floats in the training matrix. */
  static Column value(String column) {
    return col(column).cast("float").cast("double");
  }

  private static Map<String, double[]> sample(Dataset<Row> day, Map<String, FeatureReference> references, long rows,
                                              int size, long seed) {
    List<String> names = new ArrayList<>(references.keySet());
    Dataset<Row> picked = day.select(names.stream().map(n -> value(n).as(n)).toArray(Column[]::new));
    picked = io.leadscore.core.spark.BoundedSample.of(picked, rows, size, seed);
    List<Row> got = picked.collectAsList();
    Map<String, double[]> out = new LinkedHashMap<>();
    for (int j = 0; j < names.size(); j++) {
      final int col = j;
      out.put(names.get(j), got.stream().filter(x -> !x.isNullAt(col)).mapToDouble(x -> x.getDouble(col))
          .filter(d -> !Double.isNaN(d)).toArray());
    }
    return out;
  }
}
