package io.leadscore.features.ingest.spark;

import static org.apache.spark.sql.functions.*;

import io.leadscore.features.LeadscoreException;
import io.leadscore.features.ingest.SourceMapping;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads an export as received: every mapped column as a string, a 1-based {@code _row_number} (the
 * record's position in the file) and {@code _parse_error} where a record could not be parsed at all.
 */
final class RawReader {
  private RawReader() {}

  static Dataset<Row> read(SparkSession spark, SourceMapping m, String path) {
    Dataset<Row> df = switch (m.format()) {
      case "csv" -> csv(spark, m, path);
      case "jsonl" -> jsonLines(spark, m, path);
      default -> throw LeadscoreException.of("Unsupported format '%s' of source %s", m.format(), m.name());
    };
    return df;
  }

  private static Dataset<Row> csv(SparkSession spark, SourceMapping m, String path) {
    Dataset<Row> df = spark.read()
        .option("header", "true")
        .option("multiLine", "true")
        .option("escape", "\"")
        .option("mode", "PERMISSIVE")
        .csv(path);
    Set<String> present = new HashSet<>(Arrays.asList(df.columns()));
    List<String> missing = m.columns().stream().filter(c -> c.required() && !present.contains(c.name()))
        .map(SourceMapping.Column::name).toList();
    if (!missing.isEmpty()) {
      throw LeadscoreException.of("Export %s lacks required column(s) %s (source '%s'); its header has %s",
          path, missing, m.name(), present);
    }
    Column[] cols = m.columns().stream()
        .map(c -> present.contains(c.name()) ? col("`" + c.name() + "`").cast("string").as(c.name())
            : lit(null).cast("string").as(c.name()))
        .toArray(Column[]::new);
    return withRowNumber(spark, df.select(cols)).withColumn("_parse_error", lit(null).cast("string"));
  }

  private static Dataset<Row> jsonLines(SparkSession spark, SourceMapping m, String path) {
    StructType schema = new StructType();
    for (SourceMapping.Column c : m.columns()) {
      schema = schema.add(c.name(), DataTypes.StringType, true);
    }
    Dataset<Row> lines = withRowNumber(spark, spark.read().text(path));
    Dataset<Row> parsed = lines.withColumn("_j", from_json(col("value"), schema,
        java.util.Map.of("mode", "PERMISSIVE")));
    Column[] cols = new Column[m.columns().size() + 2];
    int i = 0;
    for (SourceMapping.Column c : m.columns()) {
      cols[i++] = col("_j." + c.name()).as(c.name());
    }
    cols[i++] = col("_row_number");
    // from_json yields null (or all-null fields) for a line that is not a JSON object
    cols[i] = when(col("_j").isNull().or(not(trim(col("value")).startsWith("{"))),
        concat(lit("not a JSON object: "), substring(col("value"), 1, 200))).as("_parse_error");
    return parsed.select(cols);
  }

  static Dataset<Row> withRowNumber(SparkSession spark, Dataset<Row> df) {
    StructType schema = df.schema().add("_row_number", DataTypes.LongType, false);
    JavaRDD<Row> rows = df.javaRDD().zipWithIndex().map(t -> {
      Row r = t._1();
      Object[] v = new Object[r.size() + 1];
      for (int k = 0; k < r.size(); k++) {
        v[k] = r.get(k);
      }
      v[r.size()] = t._2() + 1;
      return RowFactory.create(v);
    });
    return spark.createDataFrame(rows, schema);
  }
}
