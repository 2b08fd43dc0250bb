package io.leadscore.scoring.spark;

import static io.leadscore.core.Columns.ARM;
import static io.leadscore.core.Columns.SCORE_DATE;
import static io.leadscore.core.Columns.TIER;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.scoring.spark.ScoreLeads.ScoredLeads;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** Scoring step 4: writes {@code lead_scores} for the batch date (replacing that date only) and counts it. */
final class WriteScores {
  /** The batch date's rows as written, and how many by tier and by arm. */
  record WrittenScores(Dataset<Row> rows, long scored, Map<String, Long> byTier, Map<String, Long> byArm) {}

  private final SparkSession spark;
  private final Tables tables;

  WriteScores(SparkSession spark, Tables tables) {
    this.spark = spark;
    this.tables = tables;
  }

  WrittenScores run(LocalDate date, ScoredLeads scored) {
    // mergeSchema: lead_scores written before the action column existed takes it on
    scored.scores().write().format("delta").mode(SaveMode.Overwrite).partitionBy(SCORE_DATE)
        .option("replaceWhere", "score_date = '" + date + "'").option("mergeSchema", "true")
        .save(tables.path(Table.LEAD_SCORES));
    Dataset<Row> written = spark.read().format("delta").load(tables.path(Table.LEAD_SCORES))
        .filter(col(SCORE_DATE).equalTo(lit(Date.valueOf(date))));

    Map<String, Long> byTier = new TreeMap<>();
    Map<String, Long> byArm = new TreeMap<>();
    long count = 0;
    for (Row r : written.groupBy(TIER, ARM).count().collectAsList()) {
      byTier.merge(r.getString(0), r.getLong(2), Long::sum);
      byArm.merge(r.getString(1), r.getLong(2), Long::sum);
      count += r.getLong(2);
    }
    return new WrittenScores(written, count, byTier, byArm);
  }
}
