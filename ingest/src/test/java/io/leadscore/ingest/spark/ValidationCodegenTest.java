package io.leadscore.ingest.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.leadscore.core.SparkTestSession;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.ingest.SourceMapping;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.RuntimeReplaceable;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenFallback;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The per-row work of a first load, the staging pass (cleaning, typing and every rule of every column), stays
 * inside Spark's code generation: an expression Spark can only interpret (a higher-order function such as
 * {@code array_compact}'s filter, a UDF) makes Spark interpret everything beneath it, value by value. The rules
 * of the default sources were interpreted that way: 11.5% of the CPU samples of a 100k-lead first load's ingest.
 */
class ValidationCodegenTest {
  @Test
  void everyDefaultSourceIsCleanedTypedAndValidatedInGeneratedCode() {
    SparkSession spark = SparkTestSession.get();
    List<SourceMapping> sources = SourceMapping.all(LeadscoreConfig.defaults(Map.of()));
    assertFalse(sources.isEmpty());
    for (SourceMapping m : sources) {
      for (boolean checkEncoding : new boolean[] {false, true}) {
        Dataset<Row> staged = Validation.withCleanAndTyped(m, raw(spark, m)).withColumn("_violations",
            Validation.violations(m, Instant.parse("2026-11-25T00:00:00Z"), 2026, checkEncoding));
        List<String> interpreted = new ArrayList<>();
        staged.queryExecution().analyzed().expressions().foreach(e -> {
          interpreted(e, interpreted);
          return null;
        });
        assertEquals(List.of(), interpreted, "source " + m.name() + " (encoding rule " + checkEncoding + "): "
            + "expressions Spark evaluates without code generation");
      }
    }
  }

  /** The raw rows of a source as {@link RawReader} gives them: every column text, the parse columns. */
  private static Dataset<Row> raw(SparkSession spark, SourceMapping m) {
    StructType schema = new StructType();
    for (SourceMapping.Column c : m.columns()) {
      schema = schema.add(c.name(), DataTypes.StringType, true);
    }
    schema = schema.add("_parse_error", DataTypes.StringType, true).add("_raw_record", DataTypes.StringType, true);
    return spark.createDataFrame(List.of(), schema);
  }

  /** Collects the expressions (as their pretty names) that run interpreted, through runtime replacements too. */
  private static void interpreted(Expression e, List<String> out) {
    if (e instanceof CodegenFallback) {
      out.add(e.prettyName() + " in " + e.sql().substring(0, Math.min(160, e.sql().length())));
      return;
    }
    if (e instanceof RuntimeReplaceable r) {
      interpreted(r.replacement(), out);
    }
    e.children().foreach(child -> {
      interpreted(child, out);
      return null;
    });
  }
}
