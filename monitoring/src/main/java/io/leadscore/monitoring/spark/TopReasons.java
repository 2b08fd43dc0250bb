package io.leadscore.monitoring.spark;

import static io.leadscore.core.Columns.REASONS;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;

import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.FeatureDefinition;
import io.leadscore.models.registry.ModelCard;
import io.leadscore.models.score.ReasonFamilies;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The report's most frequent first reasons, counted by family and direction ("▼ Lead age"), not by wording:
 * "Lead still open 7 months after creation" and "Ageing lead, created 8 months ago" are one fact for a rep.
 */
final class TopReasons {
  private TopReasons() {}

  /**
   * @param champion the model whose definitions (and families) worded the reasons; the standard catalogue's
   *                 cover a card without them and tonight's challenger arm
   * @param language {@code leadscore.scoring.reasons.language}
   */
  static List<Map.Entry<String, Long>> byFamily(Dataset<Row> tonight, Optional<ModelCard> champion, String language,
                                                int limit) {
    FeatureCatalog standard = FeatureCatalog.standard();
    Map<String, FeatureDefinition> defs = new LinkedHashMap<>();
    champion.ifPresent(c -> c.contract().catalog().forEach(d -> defs.putIfAbsent(d.name(), d)));
    standard.features().forEach(d -> defs.putIfAbsent(d.name(), d));
    ReasonFamilies families = new ReasonFamilies(new ArrayList<>(defs.values()), standard, language);
    Map<String, Long> counts = new HashMap<>();
    // a few hundred distinct sentences at most: grouped by Spark, labelled here
    tonight.filter(size(col(REASONS)).gt(0)).groupBy(col(REASONS).getItem(0)).count().collectAsList()
        .forEach(r -> counts.merge(families.label(r.getString(0)), r.getLong(1), Long::sum));
    return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
        .thenComparing(Map.Entry.comparingByKey())).limit(limit).map(e -> Map.entry(e.getKey(), e.getValue())).toList();
  }
}
