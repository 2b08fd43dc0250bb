package io.leadscore.models.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;

/**
 * Registers a native booster the way training saves one (the layout xgboost4j-spark writes:
 * {@code <version>/xgboost/data/model}), for tests that need a model in a registry without Spark.
 */
public final class TestBoosters {
  private TestBoosters() {}

  /** A new version holding {@code b}, registered (not promoted) with {@code features}. */
  public static ModelCard register(ModelRegistry r, Booster b, List<String> features, String catalogVersion)
      throws Exception {
    int v = r.claim();
    String path = r.modelPath(v);
    Path file = Path.of(path, "xgboost", SavedBooster.FILE);
    Files.createDirectories(file.getParent());
    Files.write(file, b.toByteArray("ubj"));
    return r.register(ModelCard.builder().version(v).name("leadscore").createdAt(Instant.now().toString())
        .path(path).features(features, catalogVersion).seed(3).build());
  }
}
