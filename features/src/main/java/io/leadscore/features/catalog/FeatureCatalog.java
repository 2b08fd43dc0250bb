package io.leadscore.features.catalog;

import io.leadscore.features.FeaturesErrors;
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
    return find(name).orElseThrow(() -> FeaturesErrors.unknownFeature(name, names()));
  }

  default Map<String, FeatureDefinition> byName() {
    return features().stream().collect(Collectors.toMap(FeatureDefinition::name, Function.identity()));
  }

  /** The catalogue of the CRM + web-analytics features (the generated exports' schema). */
  static FeatureCatalog standard() {
    return StandardCatalog.INSTANCE;
  }
}
