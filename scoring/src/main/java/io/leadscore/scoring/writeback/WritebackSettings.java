package io.leadscore.scoring.writeback;

import io.leadscore.core.Redact;
import io.leadscore.core.config.CoreSettings;
import io.leadscore.core.config.SettingsReader;
import io.leadscore.models.score.ReasonSettings;
import io.leadscore.scoring.errors.ScoringErrors;
import com.typesafe.config.Config;
import io.leadscore.scoring.sink.HttpSinkSettings;
import io.leadscore.scoring.sink.JdbcSinkSettings;
import io.leadscore.scoring.sink.RetryPolicy;
import io.leadscore.scoring.sink.SqlDialect;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Settings of the CRM writeback ({@code leadscore.writeback}). The csv/jdbc/http parts are only checked when
 * that sink is chosen, so an unused sink's empty URL is not an error.
 *
 * @param outboxDir  the CSV outbox, resolved: a relative {@code outbox_dir} is taken under the local storage
 *                   root (never the driver's working directory); production needs an absolute one
 * @param csvReasons reason columns of the CSV import file: {@code leadscore.scoring.reasons.count}, so all are written
 */
public record WritebackSettings(String sink, String outboxDir, int csvReasons, int checkpointBatches,
                                int errorBudget, JdbcSinkSettings jdbc, HttpSinkSettings http) {
  public static final String ROOT = "leadscore.writeback";
  /** Keys named again by a check against another value. */
  private static final String URL = "url";
  private static final String BACKOFF_INITIAL = "backoff_initial";
  private static final String BACKOFF_MAX = "backoff_max";
  private static final String QUERY_TIMEOUT = "query_timeout";
  private static final String SOCKET_TIMEOUT = "socket_timeout";
  private static final java.util.List<String> SINKS = java.util.List.of("csv", "jdbc", "http");

  public static WritebackSettings from(Config c) {
    SettingsReader w = SettingsReader.of(c, ROOT, ScoringErrors::mustBe);
    String sink = w.string("sink", String::trim, SINKS::contains, "csv, jdbc or http");
    int checkpoint = w.integer("checkpoint_batches", v -> v >= 1, ">= 1");
    int budget = w.integer("error_budget", v -> v >= 0, ">= 0");
    JdbcSinkSettings jdbc = sink.equals("jdbc") ? jdbc(w.at("jdbc")) : null;
    HttpSinkSettings http = sink.equals("http") ? http(w.at("http")) : null;
    // every reason a score carries is written: the import file has as many columns as scores have reasons
    int csvReasons = Math.max(0, ReasonSettings.from(c.getConfig(ReasonSettings.ROOT)).count());
    String outbox = sink.equals("csv") ? outbox(CoreSettings.from(c), w) : w.string("outbox_dir");
    return new WritebackSettings(sink, outbox, csvReasons, checkpoint, budget, jdbc, http);
  }

  private static JdbcSinkSettings jdbc(SettingsReader j) {
    String url = j.string("url", String::trim, u -> !u.isEmpty(), "set: the CRM database's JDBC URL "
        + "(e.g. jdbc:postgresql://host:5432/crm), or choose another sink");
    SettingsReader col = j.at("columns");
    return new JdbcSinkSettings(
        new JdbcSinkSettings.Connection(url, j.string("user"), j.string("password_env"),
            SqlDialect.parse(j.string("dialect")), timeouts(j)),
        j.string("table"), j.integer("batch_size", v -> v >= 1, ">= 1"),
        new JdbcSinkSettings.Columns(col.string("lead_id"), col.string("score"), col.string("tier"),
            col.config().getStringList("reasons"), col.string("model_version"), col.string("updated_at"),
            col.string("cleared_reason"), col.string("next_best_action")),
        new JdbcSinkSettings.Owners(col.string("owner"), col.string("owner_assigned_on"), col.string("owner_reason")));
  }

  private static HttpSinkSettings http(SettingsReader h) {
    String raw = h.string(URL);
    URI url;
    try {
      url = new URI(raw);
    } catch (URISyntaxException e) {
      // the parser's message quotes the whole value: only its reason and position, and the value redacted
      throw ScoringErrors.notAUrl(h.key(URL), "'" + Redact.url(raw) + "': " + e.getReason() + " at index "
          + e.getIndex());
    }
    if (url.getScheme() == null || !Set.of("http", "https").contains(url.getScheme())) {
      throw h.bad(URL, "'" + Redact.url(raw) + "'", "the CRM endpoint as an http(s) URL");
    }
    int attempts = h.integer("max_attempts", v -> v >= 1, ">= 1");
    Duration initial = h.config().getDuration(BACKOFF_INITIAL);
    Duration max = h.config().getDuration(BACKOFF_MAX);
    if (initial.isNegative() || max.compareTo(initial) < 0) {
      throw h.bad(BACKOFF_MAX, max, ">= " + h.key(BACKOFF_INITIAL) + " (" + initial + "), and both >= 0");
    }
    Duration retryAfterMax = h.config().getDuration("retry_after_max");
    if (retryAfterMax.isNegative()) {
      throw h.bad("retry_after_max", retryAfterMax, ">= 0");
    }
    return new HttpSinkSettings(url, h.string("auth_header"), h.string("auth_env"), h.positiveDuration("timeout"),
        h.integer("batch_size", v -> v >= 1, ">= 1"), new RetryPolicy(attempts, initial, max, retryAfterMax),
        h.flag("allow_plain_http_loopback"));
  }

  /**
   * The outbox folder: absolute as given; relative under a local storage root. A relative one is refused in
   * production ({@code leadscore.environment = production} or a storage root that is not a local folder):
   * on a cluster it would land in whatever working directory the driver happens to have.
   */
  static String outbox(CoreSettings core, SettingsReader w) {
    String dir = w.string("outbox_dir", s -> s, d -> !d.isBlank(), "set: the folder the CRM importer reads");
    Path p = Path.of(dir);
    if (p.isAbsolute()) {
      return p.normalize().toString();
    }
    String root = core.storageRoot();
    boolean localRoot = !root.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") || root.startsWith("file:");
    if (core.production() || !localRoot) {
      throw ScoringErrors.of("'%s' is '%s', a relative path, but %s: set an absolute folder that the CRM importer "
          + "reads (e.g. /data/crm-outbox)", w.key("outbox_dir"), dir, core.production()
          ? "'leadscore.environment' is production" : "the storage root " + root + " is not a local folder");
    }
    Path base = root.startsWith("file:") ? Path.of(URI.create(root)) : Path.of(root);
    return base.resolve(p).normalize().toString();
  }

  /** The JDBC sink's timeouts: whole seconds, at least 1 (JDBC and the drivers count in seconds). */
  private static JdbcSinkSettings.Timeouts timeouts(SettingsReader j) {
    Duration query = wholeSeconds(j, QUERY_TIMEOUT);
    Duration connect = wholeSeconds(j, "connect_timeout");
    Duration socket = wholeSeconds(j, SOCKET_TIMEOUT);
    if (socket.compareTo(query) <= 0) {
      // the query timeout cancels a waiting statement cleanly, the socket timeout only drops a dead connection
      throw j.bad(SOCKET_TIMEOUT, socket, "longer than " + j.key(QUERY_TIMEOUT) + " (" + query + "): the query "
          + "timeout cancels a waiting statement cleanly, the socket timeout only drops a dead connection");
    }
    return new JdbcSinkSettings.Timeouts(query, connect, socket);
  }

  private static Duration wholeSeconds(SettingsReader j, String key) {
    Duration d = j.config().getDuration(key);
    if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.toMillis() % 1000 != 0) {
      throw j.bad(key, j.string(key), "whole seconds, at least 1s (e.g. 30s)");
    }
    return d;
  }
}
