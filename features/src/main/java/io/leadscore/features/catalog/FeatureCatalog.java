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

  /**
   * A CRM-attribute feature: one of the firmographic group (the lead's and its account's latest fields, and the rates
   * of its industry and country), or such a feature's missing indicator. Not derived from dated facts.
   */
  default boolean isAttribute(FeatureDefinition f) {
    String n = f.name();
    String base = n.endsWith(FeatureDefinition.INDICATOR_SUFFIX)
        ? n.substring(0, n.length() - FeatureDefinition.INDICATOR_SUFFIX.length()) : n;
    return f.group().equals("firmographic")
        || (!base.equals(n) && find(base).map(b -> b.group().equals("firmographic")).orElse(false));
  }

  /** The catalogue of the CRM + web-analytics features (the generated exports' schema). */
  static FeatureCatalog standard() {
    return StandardCatalog.INSTANCE;
  }
}
