package io.leadscore.training.registry;

import java.util.List;
import java.util.Map;

/**
 * A trained model and its provenance: the feature list it was trained with (scoring takes its features
 * from here, never from current config), the catalogue version, training window, seed, parameters,
 * metrics and the Delta versions of its inputs.
 */
public record ModelCard(int version, String name, String createdAt, String path, List<String> features,
                        String catalogVersion, String trainFrom, String trainTo, String holdoutFrom, long seed,
                        Map<String, Object> params, Map<String, Double> metrics, Map<String, Long> inputVersions) {
  public ModelCard {
    features = List.copyOf(features);
    params = Map.copyOf(params);
    metrics = Map.copyOf(metrics);
    inputVersions = Map.copyOf(inputVersions);
  }

  public ModelCard withVersion(int v, String modelPath) {
    return new ModelCard(v, name, createdAt, modelPath, features, catalogVersion, trainFrom, trainTo, holdoutFrom,
        seed, params, metrics, inputVersions);
  }
}
