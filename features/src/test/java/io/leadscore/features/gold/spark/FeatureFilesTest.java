package io.leadscore.features.gold.spark;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each date of the features table is written as one file per core, so tonight's rows are read by every core: one
 * file per date was one task for every reader (the monitor's drift counts ran on one core of two at 1M leads).
 */
class FeatureFilesTest {
  @Test
  void eachDateIsWrittenAsOneFilePerCoreWithAShareOfTheLeadsEach(@TempDir Path dir) throws IOException {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows = new ArrayList<>();
    for (String d : List.of("2026-11-01", "2026-11-02")) {
      for (int i = 0; i < 500; i++) {
        rows.add(RowFactory.create(String.format("L%05d", i), Date.valueOf(d), (double) i));
      }
    }
    Dataset<Row> features = spark.createDataFrame(rows, new StructType().add("lead_id", DataTypes.StringType)
        .add("as_of_date", DataTypes.DateType).add("x", DataTypes.DoubleType)).coalesce(1);
    String path = dir.resolve("features").toString();
    FeatureJob.onePerCore(features, 2).write().format("delta").partitionBy("as_of_date").save(path);

    for (String d : List.of("2026-11-01", "2026-11-02")) {
      try (Stream<Path> files = Files.list(dir.resolve("features").resolve("as_of_date=" + d))) {
        assertEquals(2, files.filter(f -> f.toString().endsWith(".parquet")).count(), "files of " + d);
      }
      // Spark gives each file of several megabytes its own task (and packs small test files together): what matters
      // is that a date is several files of a share of the leads each
      Dataset<Row> day = spark.read().format("delta").load(path).filter("as_of_date = DATE'" + d + "'");
      String[] files = day.inputFiles();
      assertEquals(2, files.length, "files read for " + d);
      long all = 0;
      for (String f : files) {
        long n = spark.read().parquet(f).count();
        assertTrue(n > 150, "each file holds a share of the leads: " + n + " in " + f);
        all += n;
      }
      assertEquals(500, all);
    }
  }
}
