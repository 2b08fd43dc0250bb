package io.leadscore.training.registry;

import java.util.List;
import java.util.Optional;

/** Where models are registered and which one is the champion. */
public interface ModelRegistry {
  /** Registers a new version (the card's version is assigned here) and returns it. */
  ModelCard register(ModelCard card);

  Optional<ModelCard> champion();

  /** Makes the given version the champion; the previous champion is remembered for rollback. */
  void promote(int version, String reason);

  /** Restores the previous champion; returns it. */
  ModelCard rollback();

  List<ModelCard> versions();

  /** Where a new version's model files go. */
  String modelPath(int version);

  static ModelRegistry local(String modelsDir) {
    return new LocalModelRegistry(modelsDir);
  }
}
