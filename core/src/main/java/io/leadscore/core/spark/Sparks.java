package io.leadscore.core.spark;

import io.leadscore.core.NioLocalFileSystem;
import io.leadscore.core.config.CoreSettings;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** Builds (or reuses) the SparkSession with Delta Lake enabled. One session per JVM. */
public final class Sparks {
  private Sparks() {}

  public static SparkSession session(CoreSettings s) {
    SparkSession.Builder b = SparkSession.builder()
        .appName(s.appName())
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.session.timeZone", "UTC")
        // local paths without a process per created file or renamed log entry (see NioLocalFileSystem)
        .config("spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName())
        .config("spark.hadoop.fs.AbstractFileSystem.file.impl", NioLocalFileSystem.Fs.class.getName())
        .config("spark.ui.showConsoleProgress", false)
        // VACUUM of erased data needs zero retention; the check stays on unless a job asks for it.
        .config("spark.databricks.delta.retentionDurationCheck.enabled", true);
    // a JVM-level Spark property (spark-submit --conf, or the test JVMs') wins over the configuration file
    if (System.getProperty("spark.sql.shuffle.partitions") == null) {
      b.config("spark.sql.shuffle.partitions", s.shufflePartitions());
    }
    // Delta rebuilds a table's state in this many tasks; a JVM-level property (the test JVMs' one) wins
    if (System.getProperty("spark.databricks.delta.snapshotPartitions") == null) {
      b.config("spark.databricks.delta.snapshotPartitions", 2);
    }
    if (System.getProperty("spark.master") == null) {
      b.master(s.sparkMaster());
    }
    if (System.getProperty("spark.ui.enabled") == null && s.sparkMaster().startsWith("local")) {
      b.config("spark.ui.enabled", false);
    }
    for (Map.Entry<String, String> e : s.sparkConf().entrySet()) {
      b.config(e.getKey(), e.getValue());
    }
    SparkSession spark = b.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}
