package io.leadscore.scoring.model;

import java.io.Serializable;
import java.util.List;

/**
 * A registered model in the form executors need: its name, version, arm, the feature list it was trained
 * with (from its model card) and the native booster in XGBoost's UBJSON format, small enough to broadcast.
 */
public record ScoringModel(String name, String version, String arm, List<String> features, byte[] booster)
    implements Serializable {
  public ScoringModel {
    features = List.copyOf(features);
  }
}
