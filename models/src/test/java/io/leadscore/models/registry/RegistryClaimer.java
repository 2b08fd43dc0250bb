package io.leadscore.models.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A trainer in its own JVM for {@link LocalModelRegistryTest}: registers {@code n} versions as fast as it can. */
public final class RegistryClaimer {
  private RegistryClaimer() {}

  public static void main(String[] args) {
    ModelRegistry r = ModelRegistry.local(args[0]);
    int n = Integer.parseInt(args[1]);
    for (int i = 0; i < n; i++) {
      ModelCard c = r.register(LocalModelRegistryTest.card(args[2] + "-" + i));
      System.out.println("v" + c.version());
    }
  }

  static ModelCard card(String name) {
    return ModelCard.builder().name(name).createdAt(Instant.now().toString()).features(List.of("a"), "test")
        .seed(1).build();
  }
}
