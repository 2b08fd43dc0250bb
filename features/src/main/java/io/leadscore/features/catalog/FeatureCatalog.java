package io.leadscore.features.catalog;

import io.leadscore.features.LeadscoreException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The feature catalogue: the ordered list of features a model may use, each defined once. */
public interface FeatureCatalog {
  /** Bumped when a definition changes meaning; models record the version they were trained with. */
  String version();

  List<FeatureDefinition> features();

  default List<String> names() {
    return features().stream().map(FeatureDefinition::name).toList();
  }

  default Optional<FeatureDefinition> find(String name) {
    return features().stream().filter(f -> f.name().equals(name)).findFirst();
  }

  default FeatureDefinition get(String name) {
    return find(name).orElseThrow(() -> LeadscoreException.of(
        "Unknown feature '%s'; the catalogue (features/FEATURES.md) has %s", name, names()));
  }

  default Map<String, FeatureDefinition> byName() {
    return features().stream().collect(Collectors.toMap(FeatureDefinition::name, Function.identity()));
  }

  /**
   * The catalogue the features stage used for this configuration and lakehouse: the standard one, unless an
   * active source is a static labelled export (an {@code outcome} column), whose catalogue is learned from
   * the data by the features run and persisted beside the gold tables
   * ({@link io.leadscore.features.catalog.spark.GoldFiles#catalogPath}).
   */
  static FeatureCatalog forRun(com.typesafe.config.Config config, io.leadscore.features.Tables tables) {
    var labelled = io.leadscore.features.ingest.SourceMapping.labelled(config);
    if (labelled.isEmpty()) {
      return standard();
    }
    String path = io.leadscore.features.catalog.spark.GoldFiles.catalogPath(tables);
    return io.leadscore.features.catalog.spark.GoldFiles.read(path).map(j -> Catalogs.fromJson(j, path))
        .orElseThrow(() -> LeadscoreException.of("Source '%s' is a labelled export, but its feature catalogue %s "
            + "does not exist yet: run `leadscore features` for this configuration first",
            labelled.get().name(), path));
  }

  /** The catalogue of the CRM + web-analytics features (the generated exports' schema). */
  static FeatureCatalog standard() {
    return StandardCatalog.INSTANCE;
  }
}
