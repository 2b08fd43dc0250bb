package io.leadscore.training.spark;

import static org.apache.spark.sql.functions.*;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Assembles the model's feature columns into one dense vector, missing values as NaN. Not Spark's
 * VectorAssembler: it emits sparse vectors that drop zeros, which XGBoost would then read as missing
 * (and refuses with missing = NaN).
 */
public final class FeatureVectors {
  public static final String COLUMN = "features";

  private FeatureVectors() {}

  public static Dataset<Row> assemble(Dataset<Row> df, List<String> features) {
    Column[] values = features.stream()
        .map(f -> coalesce(col(f).cast("double"), lit(Double.NaN)))
        .toArray(Column[]::new);
    return df.withColumn(COLUMN, org.apache.spark.ml.functions.array_to_vector(array(values)));
  }

  /** The positive-class probability of a classifier's output. */
  public static Column positiveProbability() {
    return org.apache.spark.ml.functions.vector_to_array(col("probability"), "float64").getItem(1);
  }
}
