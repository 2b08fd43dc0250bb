package io.leadscore.models.score;

import java.io.Serializable;

/** Probability -> tier A/B/C/D; built once per night and shipped to the executors. */
public interface TierRule extends Serializable {
  String tier(double probability);

  /** The tiers from best to worst. */
  java.util.List<String> TIERS = java.util.List.of("A", "B", "C", "D");
}
