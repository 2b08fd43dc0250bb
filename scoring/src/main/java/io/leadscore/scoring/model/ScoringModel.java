package io.leadscore.scoring.model;

import io.leadscore.features.catalog.FeatureDefinition;
import io.leadscore.features.catalog.Recoding;
import java.io.Serializable;
import java.util.List;

/**
 * A registered model in the form executors need: its name, version, arm, the feature list it was trained
 * with (from its model card), the native booster in XGBoost's UBJSON format (small enough to broadcast),
 * its own definitions of those features (levels in its codes: reasons name the level the model saw) and how
 * today's stored codes translate into its codes.
 */
public record ScoringModel(String name, String version, String arm, List<String> features, byte[] booster,
                           List<FeatureDefinition> definitions, Recoding recoding) implements Serializable {
  public ScoringModel {
    features = List.copyOf(features);
    definitions = definitions == null ? List.of() : List.copyOf(definitions);
    recoding = recoding == null ? Recoding.identity(features) : recoding;
  }

  /** A model whose inputs are today's encoding, with today's definitions (benchmarks, older cards). */
  public ScoringModel(String name, String version, String arm, List<String> features, byte[] booster) {
    this(name, version, arm, features, booster, List.of(), null);
  }
}
