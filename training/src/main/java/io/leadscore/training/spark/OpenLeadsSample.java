package io.leadscore.training.spark;

import static io.leadscore.core.Columns.AS_OF_DATE;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A bounded random sample of the open leads' features on the training date, as the scorer reads them: the
 * population each night's drift is measured against (see {@code ReferenceDistributions}).
 */
final class OpenLeadsSample {
  /** Ten quantile bins and a 2,000-value KS sample need far fewer; 100k rows of 40 inputs stay small on the driver. */
  static final int MAX_ROWS = 100_000;

  private OpenLeadsSample() {}

  /**
   * Per input (in order), its values on {@code date}, NaN = missing; empty when the features table has no rows for
   * that date or lacks an input (a model trained from a training set alone).
   */
  static Optional<List<double[]>> columns(SparkSession spark, Tables tables, String date, List<String> inputs,
                                          long seed) {
    String path = tables.path(Table.FEATURES);
    if (date == null || date.isBlank() || !DeltaTable.isDeltaTable(spark, path)) {
      return Optional.empty();
    }
    Dataset<Row> table = spark.read().format("delta").load(path);
    if (!Arrays.asList(table.columns()).containsAll(inputs)) {
      return Optional.empty();
    }
    // float then double: the value the model sees (the training matrix is float), as the monitor reads it too
    Dataset<Row> day = table.filter(col(AS_OF_DATE).equalTo(lit(Date.valueOf(date))))
        .select(inputs.stream().map(c -> col(c).cast("float").cast("double").as(c)).toArray(Column[]::new));
    long n = day.count();
    if (n == 0) {
      return Optional.empty();
    }
    day = io.leadscore.core.spark.BoundedSample.of(day, n, MAX_ROWS, seed);
    List<Row> rows = day.collectAsList();
    List<double[]> out = new ArrayList<>();
    for (int j = 0; j < inputs.size(); j++) {
      double[] c = new double[rows.size()];
      for (int i = 0; i < c.length; i++) {
        Row r = rows.get(i);
        c[i] = r.isNullAt(j) ? Double.NaN : r.getDouble(j);
      }
      out.add(c);
    }
    return Optional.of(out);
  }
}
