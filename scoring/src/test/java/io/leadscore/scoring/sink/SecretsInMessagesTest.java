package io.leadscore.scoring.sink;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.core.LeadscoreException;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.scoring.writeback.WritebackSettings;
import io.leadscore.scoring.writeback.ConfiguredSink;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Secrets fed through every error path of the CRM sinks' settings and deliveries never reach a message: a token
 * in a URL's query, user info, a JDBC password in the URL or as a property, the bearer token itself.
 */
class SecretsInMessagesTest {
  static final String SECRET = "Zk9-s3cr3t-T0k3n";

  static void clean(String message) {
    assertFalse(message.contains(SECRET), "a secret in: " + message);
    assertFalse(message.contains("s3cr3t"), "a secret in: " + message);
  }

  static String settingsError(Map<String, String> o) {
    return assertThrows(LeadscoreException.class, () -> WritebackSettings.from(LeadscoreConfig.defaults(o)))
        .getMessage();
  }

  static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void badHttpUrlsAreToldWithoutTheirSecrets() {
    String noScheme = settingsError(Map.of("leadscore.writeback.sink", "http", "leadscore.writeback.http.url",
        "crm.example.com/api/leads?access_token=" + SECRET));
    clean(noScheme);
    assertTrue(noScheme.contains("'leadscore.writeback.http.url' is 'crm.example.com/api/leads?***'"), noScheme);
    String unparsable = settingsError(Map.of("leadscore.writeback.sink", "http", "leadscore.writeback.http.url",
        "https://bot:" + SECRET + "@crm.example.com/api leads?token=" + SECRET));
    clean(unparsable);
    assertTrue(unparsable.contains("is not a URL: 'https://***@crm.example.com/api leads?***': Illegal character"),
        unparsable);
    String ftp = settingsError(Map.of("leadscore.writeback.sink", "http", "leadscore.writeback.http.url",
        "ftp://u:" + SECRET + "@crm.example.com/x?t=" + SECRET));
    clean(ftp);
  }

  @Test
  void aFailedHttpDeliveryAndAPlainHttpRefusalNeverShowTheTokenOrTheUrlsSecrets() throws Exception {
    String url = "http://bot:" + SECRET + "@127.0.0.1:" + closedPort() + "/api/leads?token=" + SECRET;
    HttpSinkSettings s = new HttpSinkSettings(java.net.URI.create(url), "Authorization", "CRM_TOKEN",
        Duration.ofSeconds(2), 10, new RetryPolicy(2, Duration.ZERO, Duration.ZERO, Duration.ZERO), true);
    CrmSink sink = CrmSinks.http(s, Optional.of("Bearer " + SECRET));
    clean(sink.target());
    SinkException e = assertThrows(SinkException.class,
        () -> sink.send(UpdateBatch.of(MemoryLedger.leads(2, 0))));
    clean(e.getMessage());
    clean(e.kind());
    assertTrue(e.getMessage().contains("did not confirm batch"), e.getMessage());

    HttpSinkSettings remote = new HttpSinkSettings(java.net.URI.create("http://bot:" + SECRET
        + "@crm.example.com/api?token=" + SECRET), "Authorization", "CRM_TOKEN", Duration.ofSeconds(2), 10,
        new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO), false);
    clean(assertThrows(LeadscoreException.class, () -> CrmSinks.http(remote, Optional.of(SECRET))).getMessage());
  }

  @Test
  void aFailedJdbcDeliveryNeverShowsThePasswordInTheUrlOrTheProperties() throws Exception {
    Map<String, String> o = new HashMap<>(Map.of("leadscore.writeback.sink", "jdbc",
        "leadscore.writeback.jdbc.url", "jdbc:postgresql://127.0.0.1:" + closedPort() + "/crm?user=crm&password="
            + SECRET, "leadscore.writeback.jdbc.connect_timeout", "2s"));
    WritebackSettings w = WritebackSettings.from(LeadscoreConfig.defaults(o));
    CrmSink sink = ConfiguredSink.from(w, name -> name.equals("LEADSCORE_CRM_DB_PASSWORD") ? SECRET : null);
    clean(sink.target());
    SinkException e = assertThrows(SinkException.class, () -> sink.send(UpdateBatch.of(MemoryLedger.leads(2, 0))));
    clean(e.getMessage());
    assertTrue(e.getMessage().contains("jdbc:postgresql://127.0.0.1:"), e.getMessage());
    assertTrue(e.kind().startsWith("connection failed"), e.kind());

    for (String bad : List.of("0s", "1500ms")) {
      String m = settingsError(Map.of("leadscore.writeback.sink", "jdbc", "leadscore.writeback.jdbc.url",
          "jdbc:postgresql://db/crm?password=" + SECRET, "leadscore.writeback.jdbc.query_timeout", bad));
      clean(m);
      assertTrue(m.contains("'leadscore.writeback.jdbc.query_timeout' is " + bad + " but must be whole seconds"), m);
    }
  }
}
