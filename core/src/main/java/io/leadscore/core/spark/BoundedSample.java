package io.leadscore.core.spark;

import static org.apache.spark.sql.functions.rand;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** At most {@code size} rows drawn uniformly from all of a dataset's rows, whatever order they arrive in. */
public final class BoundedSample {
  private BoundedSample() {}

  /**
   * A little above the wanted share, shuffled, then cut. Cutting without the shuffle keeps the first partitions
   * and drops the last ones, and rows arrive grouped by the features' joins (by country, by industry): a KS
   * sample once lacked whole countries, and an unchanged input alarmed. The shuffle sorts only the sampled rows.
   *
   * @param rows the dataset's row count (known to the caller; no second scan here)
   */
  public static Dataset<Row> of(Dataset<Row> ds, long rows, int size, long seed) {
    if (rows <= size) {
      return ds;
    }
    return ds.sample(false, Math.min(1.0, 1.2 * size / rows), seed).orderBy(rand(seed)).limit(size);
  }
}
