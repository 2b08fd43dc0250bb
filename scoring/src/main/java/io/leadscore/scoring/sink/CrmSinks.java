package io.leadscore.scoring.sink;

import io.leadscore.scoring.writeback.WritebackSettings;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Builds the configured sink. Secrets are read here from the environment variables named in config. */
public final class CrmSinks {
  private CrmSinks() {}

  public static CrmSink from(WritebackSettings w) {
    return from(w, System::getenv);
  }

  /** @param env the environment (tests pass a map) */
  public static CrmSink from(WritebackSettings w, UnaryOperator<String> env) {
    return switch (w.sink()) {
      case "csv" -> csv(Path.of(w.outboxDir()), w.csvReasons());
      case "jdbc" -> new JdbcCrmSink(w.jdbc(), secret(env, w.jdbc().connection().passwordEnv()));
      case "http" -> http(w.http(), secret(env, w.http().authEnv()));
      default -> throw new IllegalStateException("unknown sink " + w.sink());
    };
  }

  /**
   * Checks what only the environment tells, before any stage runs: a credential for the http sink goes over https
   * (or plain http to this machine when allowed). Throws with the setting to change.
   */
  public static void check(WritebackSettings w, UnaryOperator<String> env) {
    if (w.sink().equals("http")) {
      HttpCrmSink.requireSafeTransport(w.http(), secret(env, w.http().authEnv()).isPresent());
    }
  }

  public static void check(WritebackSettings w) {
    check(w, System::getenv);
  }

  /** @param reasons the reason columns of the import file */
  public static CrmSink csv(Path outbox, int reasons) {
    return new CsvOutboxSink(outbox, reasons, Clock.systemUTC());
  }

  public static CrmSink jdbc(JdbcSinkSettings s, Optional<String> password) {
    return new JdbcCrmSink(s, password);
  }

  public static CrmSink http(HttpSinkSettings s, Optional<String> authValue) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(s.timeout()).build();
    return new HttpCrmSink(s, authValue, client, d -> Thread.sleep(d.toMillis()), new SecureRandom());
  }

  private static Optional<String> secret(UnaryOperator<String> env, String name) {
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    return Optional.ofNullable(env.apply(name)).filter(v -> !v.isEmpty());
  }
}
