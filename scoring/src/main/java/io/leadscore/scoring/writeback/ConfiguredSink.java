package io.leadscore.scoring.writeback;

import io.leadscore.scoring.sink.CrmSink;
import io.leadscore.scoring.sink.CrmSinks;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Builds the sink {@code leadscore.writeback} chooses. Secrets are read here from the environment variables named
 * in config. It sits in the writeback package, above the sinks, so that {@code sink} never needs the settings that
 * choose between them (the package graph has no cycle).
 */
public final class ConfiguredSink {
  private ConfiguredSink() {}

  public static CrmSink from(WritebackSettings w) {
    return from(w, System::getenv);
  }

  /** @param env the environment (tests pass a map) */
  public static CrmSink from(WritebackSettings w, UnaryOperator<String> env) {
    return switch (w.sink()) {
      case "csv" -> CrmSinks.csv(Path.of(w.outboxDir()), w.csvReasons());
      case "jdbc" -> CrmSinks.jdbc(w.jdbc(), secret(env, w.jdbc().connection().passwordEnv()));
      case "http" -> CrmSinks.http(w.http(), secret(env, w.http().authEnv()));
      // guard: WritebackSettings.from accepts only these three names
      default -> throw new IllegalStateException("unknown sink " + w.sink());
    };
  }

  /**
   * Checks what only the environment tells, before any stage runs: a credential for the http sink goes over https
   * (or plain http to this machine when allowed). Throws with the setting to change.
   */
  public static void check(WritebackSettings w, UnaryOperator<String> env) {
    if (w.sink().equals("http")) {
      CrmSinks.requireSafeTransport(w.http(), secret(env, w.http().authEnv()).isPresent());
    }
  }

  public static void check(WritebackSettings w) {
    check(w, System::getenv);
  }

  private static Optional<String> secret(UnaryOperator<String> env, String name) {
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    return Optional.ofNullable(env.apply(name)).filter(v -> !v.isEmpty());
  }
}
