package io.leadscore.features.gold.spark;

import static io.leadscore.core.Columns.LABEL;
import static org.apache.spark.sql.functions.*;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.leadscore.features.FeaturesErrors;
import io.leadscore.core.Tables;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.spark.GoldFiles;
import io.leadscore.features.gold.LeakageReport;
import io.leadscore.features.gold.SingleFeatureAuc;
import io.leadscore.features.gold.SingleFeatureAuc.Bucket;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Single-feature AUC of every feature on a training set. Spark only counts positives and negatives per
 * (feature, value) in one pass; {@link SingleFeatureAuc} does the arithmetic. Values are rounded to 6
 * significant digits first, which bounds the distinct values of continuous features without moving an AUC
 * by more than a rounding tie.
 */
public final class LeakageGuard {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  /** the sample's seed: a fixed one, so that a night's report can be reproduced */
  private static final long SEED = 20_251_207L;

  private LeakageGuard() {}

  public static LeakageReport check(Dataset<Row> trainingSet, FeatureCatalog catalog, double threshold) {
    return check(trainingSet, catalog, threshold, 0, 0);
  }

  /**
   * As {@link #check(Dataset, FeatureCatalog, double)}, on every positive row and at most {@code maxNegatives}
   * negative rows (a seeded sample, the same rows on every run of the same table): a single feature's AUC compares
   * positives with negatives, so it does not depend on how many negatives there are, and the sample moves it by
   * about 1/sqrt(sampled negatives). The report's rows are the rows read.
   *
   * @param negatives the training set's negative rows (known to the caller); 0 or {@code maxNegatives} 0: every row
   */
  public static LeakageReport check(Dataset<Row> trainingSet, FeatureCatalog catalog, double threshold,
                                    long maxNegatives, long negatives) {
    Dataset<Row> read = maxNegatives > 0 && negatives > maxNegatives
        ? trainingSet.filter(col(LABEL).equalTo(1.0).or(rand(SEED).lt((double) maxNegatives / negatives)))
        : trainingSet;
    return aucs(read, catalog, threshold);
  }

  private static LeakageReport aucs(Dataset<Row> trainingSet, FeatureCatalog catalog, double threshold) {
    List<String> features = catalog.names();
    List<Column> pairs = new ArrayList<>();
    // the feature by its position: the aggregation hashes and compares an int per row instead of its name
    for (int i = 0; i < features.size(); i++) {
      pairs.add(struct(lit(i).as("f"), col(features.get(i)).cast("double").as("v")));
    }
    Column v = col("p.v");
    // 6 significant digits: log10 of 0 or NaN would break the rounding, so those pass through
    Column rounded = when(v.isNull().or(isnan(v)).or(v.equalTo(0)), v)
        .otherwise(round(v.divide(pow(lit(10.0), floor(log10(abs(v))).minus(5))), 0)
            .multiply(pow(lit(10.0), floor(log10(abs(v))).minus(5))));
    List<Row> counts = trainingSet.select(col(LABEL), explode(array(pairs.toArray(new Column[0]))).as("p"))
        .groupBy(col("p.f").as("f"), rounded.as("v"))
        .agg(sum(col(LABEL)).as("pos"), count(lit(1)).as("n"))
        .collectAsList();
    Map<String, List<Bucket>> byFeature = new HashMap<>();
    long rows = 0;
    for (Row r : counts) {
      double value = r.isNullAt(1) ? Double.NaN : r.getDouble(1);
      long pos = Math.round(r.getDouble(2));
      long n = r.getLong(3);
      byFeature.computeIfAbsent(features.get(r.getInt(0)), k -> new ArrayList<>()).add(new Bucket(value, pos, n - pos));
      if (r.getInt(0) == 0) {
        rows += n;
      }
    }
    Map<String, Double> auc = new LinkedHashMap<>();
    for (String f : features) {
      List<Bucket> buckets = byFeature.getOrDefault(f, List.of());
      double a = SingleFeatureAuc.of(catalog.get(f).type(), buckets);
      if (!Double.isNaN(a)) {
        auc.put(f, Math.round(a * 1e6) / 1e6);
      }
    }
    return new LeakageReport(threshold, rows, auc);
  }

  /** Persists the report where training reads it: {@link GoldFiles#leakagePath}. */
  public static void save(Tables tables, LeakageReport report) {
    try {
      GoldFiles.write(GoldFiles.leakagePath(tables), JSON.writeValueAsString(report));
    } catch (IOException e) {
      // a write failure as well as a serialisation one: both leave training without the report
      throw FeaturesErrors.cannotWrite(GoldFiles.leakagePath(tables), e.getMessage(), e);
    }
  }

  /** The report of the last features run on this lakehouse, if any. */
  public static Optional<LeakageReport> read(Tables tables) {
    String path = GoldFiles.leakagePath(tables);
    return GoldFiles.read(path).map(json -> {
      try {
        return JSON.readValue(json, LeakageReport.class);
      } catch (IOException e) {
        throw FeaturesErrors.unreadable("The leakage report " + path, e.getMessage(),
            "run `leadscore features` again", e);
      }
    });
  }
}
