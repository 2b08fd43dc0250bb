package io.leadscore.core;

import io.leadscore.core.config.CoreSettings;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.core.spark.Sparks;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The one local SparkSession of a test JVM (UI off; the pom's test.shuffle.partitions, one, for shuffles and Delta state), shared by every Spark test. */
public final class SparkTestSession {
  private static SparkSession spark;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (spark == null) {
      CoreSettings s = CoreSettings.from(LeadscoreConfig.defaults(Map.of(
          "leadscore.spark.master", "local[2]", "leadscore.spark.shuffle_partitions", "2")));
      spark = Sparks.session(s);
    }
    return spark;
  }
}
