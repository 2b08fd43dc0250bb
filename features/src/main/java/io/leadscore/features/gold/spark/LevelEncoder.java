package io.leadscore.features.gold.spark;

import static org.apache.spark.sql.functions.udf;

import io.leadscore.features.gold.LeadFeatures;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * The one encoder of a categorical feature: a value becomes the index of its level in the catalogue, so
 * training and scoring (which read the same catalogue) agree. Missing stays missing. A value outside the
 * levels becomes the {@code other} level when the catalogue has one (levels learned from an export, where
 * rare values were folded into it), and missing otherwise (a fixed vocabulary, where an unknown value says
 * nothing the model has seen). The rule is {@link LeadFeatures#level}, which the online service applies too.
 */
public final class LevelEncoder {
  private LevelEncoder() {}

  public static Column index(Column value, List<String> levels) {
    List<String> copy = new ArrayList<>(levels);
    return udf((UDF1<String, Integer>) v -> LeadFeatures.level(v, copy), DataTypes.IntegerType)
        .apply(value.cast("string"));
  }
}
