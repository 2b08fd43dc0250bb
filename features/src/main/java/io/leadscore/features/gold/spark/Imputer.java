package io.leadscore.features.gold.spark;

import static org.apache.spark.sql.functions.*;

import io.leadscore.core.LeadscoreException;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.FeatureDefinition;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Imputation for models that cannot take missing values (XGBoost can, and the features table keeps them
 * missing): numeric features get the median and categorical ones the mode of their segment (e.g. per
 * {@code industry}), or of all rows when the segment has no value. Learn on the training set, apply the
 * same values to scoring rows: {@link #fit} returns the values, {@link #apply} fills them.
 */
public final class Imputer {
  private final FeatureCatalog catalog;
  private final String segment;

  /** @param segment a column of the data to impute within (null: one global value per feature) */
  public Imputer(FeatureCatalog catalog, String segment) {
    this.catalog = catalog;
    this.segment = segment;
  }

  /** One row per segment value (plus the global row with a null segment): the value per feature. */
  public Dataset<Row> fit(Dataset<Row> data) {
    if (segment != null && !List.of(data.columns()).contains(segment)) {
      throw LeadscoreException.of("Imputation segment '%s' is not a column of the data (columns: %s)", segment,
          List.of(data.columns()));
    }
    List<Column> aggs = new ArrayList<>();
    for (FeatureDefinition f : catalog.features()) {
      aggs.add(f.type() == FeatureDefinition.Type.CATEGORY ? mode(col(f.name())).as(f.name())
          : percentile_approx(col(f.name()), lit(0.5), lit(10000)).as(f.name()));
    }
    Column[] rest = aggs.subList(1, aggs.size()).toArray(new Column[0]);
    Dataset<Row> global = data.agg(aggs.get(0), rest).withColumn("_segment", lit(null).cast("double"));
    if (segment == null) {
      return global;
    }
    return data.groupBy(col(segment).cast("double").as("_segment")).agg(aggs.get(0), rest)
        .filter(col("_segment").isNotNull()).unionByName(global);
  }

  /** The data with every missing feature value replaced by its segment's value, else the global one. */
  public Dataset<Row> apply(Dataset<Row> data, Dataset<Row> fitted) {
    Dataset<Row> seg = fitted.filter(col("_segment").isNotNull()).toDF(prefixed(fitted.columns(), "_s_"));
    Dataset<Row> all = fitted.filter(col("_segment").isNull()).toDF(prefixed(fitted.columns(), "_g_"));
    Dataset<Row> joined = data.crossJoin(broadcast(all));
    if (segment != null) {
      joined = joined.join(broadcast(seg), col(segment).cast("double").equalTo(col("_s__segment")), "left");
    }
    for (FeatureDefinition f : catalog.features()) {
      Column filled = segment == null ? coalesce(col(f.name()), col("_g_" + f.name()))
          : coalesce(col(f.name()), col("_s_" + f.name()), col("_g_" + f.name()));
      joined = joined.withColumn(f.name(), filled.cast("double"));
    }
    return joined.select(List.of(data.columns()).stream().map(c -> col(c)).toArray(Column[]::new));
  }

  private static String[] prefixed(String[] columns, String prefix) {
    return List.of(columns).stream().map(c -> prefix + c).toArray(String[]::new);
  }
}
