package io.leadscore.scoring.sink;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.security.SecureRandom;
import java.util.Optional;

/** Builds each kind of sink from its own settings; {@code writeback.ConfiguredSink} picks the configured one. */
public final class CrmSinks {
  private CrmSinks() {}

  /**
   * Refuses a credential over plain http (unless to this machine and allowed): throws with the setting to change.
   * {@code ConfiguredSink.check} calls it before any stage runs.
   */
  public static void requireSafeTransport(HttpSinkSettings s, boolean sendsCredential) {
    HttpCrmSink.requireSafeTransport(s, sendsCredential);
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
}
