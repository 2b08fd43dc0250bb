package io.leadscore.monitoring.spark;

import static org.apache.spark.sql.functions.*;

import io.leadscore.monitoring.CurrentDistribution;
import io.leadscore.training.reference.FeatureReference;
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
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(lit(1)));
    for (FeatureReference ref : references.values()) {
      Column v = value(ref.name());
      Column present = v.isNotNull().and(not(isnan(v)));
      double[] e = ref.edges();
      int bins = ref.counts().length;
      for (int b = 0; b < bins; b++) {
        Column in;
        if (ref.categorical()) {
          in = v.equalTo(lit(e[b]));
        } else if (b == 0) {
          in = e.length == 0 ? present : v.leq(lit(e[0]));
        } else if (b == e.length) {
          in = v.gt(lit(e[b - 1]));
        } else {
          in = v.gt(lit(e[b - 1])).and(v.leq(lit(e[b])));
        }
        aggs.add(sum(when(present.and(in), 1L).otherwise(0L)));
      }
      aggs.add(sum(when(present, 0L).otherwise(1L)));
      if (ref.categorical()) {
        Column seen = lit(false);
        for (double code : e) {
          seen = seen.or(v.equalTo(lit(code)));
        }
        aggs.add(sum(when(present.and(not(seen)), 1L).otherwise(0L)));
      }
    }
    Row r = day.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
    long rows = r.getLong(0);
    Map<String, double[]> samples = sample(day, references, rows, sampleSize, seed);
    Map<String, CurrentDistribution> out = new LinkedHashMap<>();
    int k = 1;
    for (FeatureReference ref : references.values()) {
      long[] counts = new long[ref.counts().length];
      for (int b = 0; b < counts.length; b++) {
        counts[b] = r.isNullAt(k) ? 0 : r.getLong(k);
        k++;
      }
      long missing = r.isNullAt(k) ? 0 : r.getLong(k);
      k++;
      long unseen = 0;
      if (ref.categorical()) {
        unseen = r.isNullAt(k) ? 0 : r.getLong(k);
        k++;
      }
      out.put(ref.name(), new CurrentDistribution(counts, unseen, missing, rows, samples.get(ref.name())));
    }
    return out;
  }

  /** The value as the model sees it: features are doubles in the table, floats in the training matrix. */
  static Column value(String column) {
    return col(column).cast("float").cast("double");
  }

  private static Map<String, double[]> sample(Dataset<Row> day, Map<String, FeatureReference> references, long rows,
                                              int size, long seed) {
    List<String> names = new ArrayList<>(references.keySet());
    Dataset<Row> picked = day.select(names.stream().map(n -> value(n).as(n)).toArray(Column[]::new));
    if (rows > size) {
      // a little above the wanted share, then cut: a Bernoulli sample of exactly `size` would need a sort
      picked = picked.sample(false, Math.min(1.0, 1.2 * size / rows), seed).limit(size);
    }
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
