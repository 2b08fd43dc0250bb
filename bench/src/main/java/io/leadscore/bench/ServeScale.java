package io.leadscore.bench;

import static io.leadscore.core.Columns.AS_OF_DATE;
import static io.leadscore.core.Columns.LEAD_ID;
import static io.leadscore.core.Columns.SCORE_DATE;

import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * A bigger night for {@code serve} from a real one: copies a lakehouse that a generated nightly made (registry,
 * champion, runs, every table) and appends copies of its last night's {@code features} and {@code lead_scores} rows
 * under new ids ({@code <id>-<k>}), same schema and partition, until the night holds at least {@code leads} leads.
 * The model, the lookup values (industry and country rates) and the score distribution stay the night's own; the
 * copies are scored online by the real champion from real feature rows.
 */
final class ServeScale {
  private ServeScale() {}

  /** {@code ServeScale FROM TO LEADS}: only the grown copy (ServeBench {@code --lakehouse TO} then serves it). */
  public static void main(String[] args) throws Exception {
    scale(args[0], Path.of(args[1]), Integer.parseInt(args[2]));
  }

  static String scale(String from, Path to, int leads) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    if (new ProcessBuilder("cp", "-a", from, to.toString()).inheritIO().start().waitFor() != 0) {
      throw new IOException("could not copy " + from + " to " + to);
    }
    Tables t = Tables.at(to.toAbsolutePath().toString());
    SparkSession spark = SparkSession.builder().master("local[2]").appName("ServeScale")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      // the same copies of both tables, so every copied score has its copied features row
      long base = night(spark, t.path(Table.FEATURES), AS_OF_DATE).count();
      long copies = (leads + base - 1) / base - 1;
      grow(spark, t.path(Table.FEATURES), AS_OF_DATE, copies);
      long scored = grow(spark, t.path(Table.LEAD_SCORES), SCORE_DATE, copies);
      System.out.printf(Locale.ROOT, "scaled %s: night of %,d leads (%,d scored) grown to at least %,d (%d "
          + "copies) in %.1f s%n", from, base, scored, leads, copies, (System.nanoTime() - t0) / 1e9);
    } finally {
      spark.stop();
    }
    return t.root();
  }

  private static Dataset<Row> night(SparkSession spark, String path, String partition) {
    Dataset<Row> all = spark.read().format("delta").load(path);
    Object last = all.agg(functions.max(partition)).first().get(0);
    return all.where(functions.col(partition).equalTo(functions.lit(last)));
  }

  /** Appends {@code copies} copies of the latest partition's rows under new ids; returns its original row count. */
  private static long grow(SparkSession spark, String path, String partition, long copies) {
    Dataset<Row> night = night(spark, path, partition);
    long base = night.count();
    if (copies > 0) {
      String[] columns = night.columns();
      Dataset<Row> grown = night.crossJoin(spark.range(1, copies + 1).withColumnRenamed("id", "copy_k"))
          .withColumn(LEAD_ID, functions.concat(functions.col(LEAD_ID), functions.lit("-"),
              functions.col("copy_k").cast("string")))
          .selectExpr(quoted(columns));
      grown.repartition(2).write().format("delta").mode("append").save(path);
    }
    return base;
  }

  private static String[] quoted(String[] columns) {
    String[] q = new String[columns.length];
    for (int i = 0; i < columns.length; i++) {
      q[i] = "`" + columns[i] + "`";
    }
    return q;
  }
}
