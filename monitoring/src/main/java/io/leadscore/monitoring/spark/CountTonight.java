package io.leadscore.monitoring.spark;

import static io.leadscore.core.Columns.SCORE;
import static io.leadscore.core.Columns.SCORE_DATE;
import static io.leadscore.core.Columns.TIER;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.core.runs.Problem;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Monitor step 2: tonight's scores, counted by tier and by score band in one pass. */
final class CountTonight {
  /** The score histogram's bins: scores run 0-100 in bands of ten points, 100 going into the last band. */
  static final int HISTOGRAM_BINS = 10;
  static final int POINTS_PER_BIN = 100 / HISTOGRAM_BINS;
  /** The tier mix's key for rows without a tier. */
  static final String NO_TIER = "(none)";

  /**
   * Every score date's rows (empty: no {@code lead_scores} table yet), tonight's among them, how many there are,
   * their tier mix and histogram, and the problem when there are none.
   */
  record TonightScores(Optional<Dataset<Row>> all, Optional<Dataset<Row>> tonight, long scored,
                       Map<String, Long> tierMix, long[] histogram, List<Problem> problems) {
    /** Tonight's rows when there are any: what the drift steps measure. */
    Optional<Dataset<Row>> measurable() {
      return scored > 0 ? tonight : Optional.empty();
    }
  }

  private final SparkSession spark;
  private final Tables tables;

  CountTonight(SparkSession spark, Tables tables) {
    this.spark = spark;
    this.tables = tables;
  }

  TonightScores run(LocalDate date) {
    Optional<Dataset<Row>> all = read(spark, tables, Table.LEAD_SCORES);
    Map<String, Long> tierMix = new TreeMap<>();
    long[] histogram = new long[HISTOGRAM_BINS];
    long scored = 0;
    Optional<Dataset<Row>> tonight = all.map(a -> a.filter(col(SCORE_DATE).equalTo(lit(Date.valueOf(date)))));
    if (tonight.isPresent()) {
      Column bin = least(floor(col(SCORE).divide(POINTS_PER_BIN)), lit(HISTOGRAM_BINS - 1)).cast("int");
      for (Row r : tonight.get().groupBy(col(TIER), bin).count().collectAsList()) {
        tierMix.merge(r.isNullAt(0) ? NO_TIER : r.getString(0), r.getLong(2), Long::sum);
        histogram[Math.max(0, r.getInt(1))] += r.getLong(2);
        scored += r.getLong(2);
      }
    }
    List<Problem> problems = scored > 0 ? List.of() : List.of(Problem.of(Problem.MONITOR_NO_SCORES,
        tables.path(Table.LEAD_SCORES), "no scores for " + date + ": drift and the report need tonight's scores. "
            + "Run `leadscore score --date " + date + "` first"));
    return new TonightScores(all, tonight, scored, tierMix, histogram, problems);
  }

  /** A gold table's rows, or empty when it was never written. */
  static Optional<Dataset<Row>> read(SparkSession spark, Tables tables, Table t) {
    String path = tables.path(t);
    return DeltaTable.isDeltaTable(spark, path) ? Optional.of(spark.read().format("delta").load(path))
        : Optional.empty();
  }
}
