package io.leadscore.monitoring.spark;

import static io.leadscore.core.Columns.MODEL_VERSION;

import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import io.leadscore.monitoring.FeatureDrift;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code gold/drift}: one row per night, champion version and feature, plus {@code score} (tonight's scores
 * against the holdout's) and {@code score_vs_previous} (against the previous score date). A rerun of a night
 * replaces that night's rows (replaceWhere on the date partition).
 */
final class DriftTable {
  static final String SCORE = "score";
  static final String SCORE_VS_PREVIOUS = "score_vs_previous";

  static final StructType SCHEMA = new StructType()
      .add("date", DataTypes.DateType, false)
      .add(MODEL_VERSION, DataTypes.StringType, false)
      .add("feature", DataTypes.StringType, false)
      .add("kind", DataTypes.StringType, false)
      .add("psi", DataTypes.DoubleType, true)
      .add("ks", DataTypes.DoubleType, true)
      .add("p_value", DataTypes.DoubleType, true)
      .add("reference_missing_rate", DataTypes.DoubleType, true)
      .add("current_missing_rate", DataTypes.DoubleType, true)
      .add("unseen_levels", DataTypes.LongType, true)
      .add("rows", DataTypes.LongType, false)
      .add("gain_rank", DataTypes.IntegerType, true);

  private DriftTable() {}

  static void write(SparkSession spark, Tables tables, LocalDate date, String version, List<FeatureDrift> drift,
                    double scorePsi, double scorePsiPrevious, long scored) {
    Date d = Date.valueOf(date);
    List<Row> rows = new ArrayList<>();
    for (FeatureDrift f : drift) {
      rows.add(RowFactory.create(d, version, f.feature(), f.categorical() ? "categorical" : "numeric", nan(f.psi()),
          nan(f.ks()), nan(f.pValue()), f.referenceMissing(), f.currentMissing(), f.categorical() ? f.unseenLevels()
              : null, f.rows(), f.gainRank() == 0 ? null : f.gainRank()));
    }
    if (!Double.isNaN(scorePsi)) {
      rows.add(RowFactory.create(d, version, SCORE, "score", scorePsi, null, null, null, null, null, scored, null));
    }
    if (!Double.isNaN(scorePsiPrevious)) {
      rows.add(RowFactory.create(d, version, SCORE_VS_PREVIOUS, "score", scorePsiPrevious, null, null, null, null,
          null, scored, null));
    }
    spark.createDataFrame(rows, SCHEMA).write().format("delta").mode(SaveMode.Overwrite).partitionBy("date")
        .option("replaceWhere", "date = '" + date + "'").save(tables.path(Table.DRIFT));
  }

  private static Double nan(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
