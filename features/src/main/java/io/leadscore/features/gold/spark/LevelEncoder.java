package io.leadscore.features.gold.spark;

import static org.apache.spark.sql.functions.*;

import io.leadscore.features.catalog.Recoding;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * The one encoder of a categorical feature: a value becomes the index of its level in the catalogue, so
 * training and scoring (which read the same catalogue) agree. Missing stays missing. A value outside the
 * levels becomes the {@code other} level when the catalogue has one (levels learned from an export, where
 * rare values were folded into it), and missing otherwise (a fixed vocabulary, where an unknown value says
 * nothing the model has seen).
 */
public final class LevelEncoder {
  private LevelEncoder() {}

  public static Column index(Column value, List<String> levels) {
    Column pos = array_position(array(levels.stream().map(l -> lit(l)).toArray(Column[]::new)), value);
    int other = levels.indexOf(Recoding.LEVEL_OTHER);
    Column known = when(value.isNull(), lit(null)).when(pos.gt(0), pos.minus(1));
    return other < 0 ? known : known.otherwise(other);
  }
}
