package io.leadscore.features.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.leadscore.features.FeaturesErrors;
import java.util.List;

/** A catalogue as a value (e.g. one learned from a labelled export), and its JSON form. */
public final class Catalogs {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The JSON shape: version and the definitions in order. */
  record Stored(String version, List<FeatureDefinition> features) {}

  private record Fixed(String version, List<FeatureDefinition> features) implements FeatureCatalog {
    Fixed {
      features = List.copyOf(features);
      if (features.stream().map(FeatureDefinition::name).distinct().count() != features.size()) {
        throw FeaturesErrors.of("Catalogue '%s' defines a feature twice: %s", version,
            features.stream().map(FeatureDefinition::name).toList());
      }
    }
  }

  private Catalogs() {}

  public static FeatureCatalog of(String version, List<FeatureDefinition> features) {
    return new Fixed(version, features);
  }

  public static String toJson(FeatureCatalog c) {
    try {
      return JSON.writeValueAsString(new Stored(c.version(), c.features()));
    } catch (JsonProcessingException e) {
      throw FeaturesErrors.wrap("Cannot write feature catalogue " + c.version() + " as JSON: "
          + e.getOriginalMessage(), e);
    }
  }

  public static FeatureCatalog fromJson(String json, String where) {
    try {
      Stored s = JSON.readValue(json, Stored.class);
      return of(s.version(), s.features());
    } catch (JsonProcessingException e) {
      throw FeaturesErrors.unreadable("The feature catalogue at " + where, e.getOriginalMessage(),
          "run `leadscore features` again to rewrite it", e);
    }
  }
}
