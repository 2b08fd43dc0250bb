package io.leadscore.scoring.writeback;

import io.leadscore.core.Redact;
import io.leadscore.scoring.ScoringErrors;
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
  static final String P = "leadscore.writeback.";

  public static WritebackSettings from(Config c) {
    Config w = c.getConfig("leadscore.writeback");
    String sink = w.getString("sink");
    if (!Set.of("csv", "jdbc", "http").contains(sink)) {
      throw ScoringErrors.of("'%ssink' is '%s'; use csv, jdbc or http", P, sink);
    }
    int checkpoint = positive(w, "", "checkpoint_batches");
    int budget = w.getInt("error_budget");
    if (budget < 0) {
      throw ScoringErrors.atLeast(P + "error_budget", budget, 0);
    }
    Config j = w.getConfig("jdbc");
    JdbcSinkSettings jdbc = null;
    if (sink.equals("jdbc")) {
      if (j.getString("url").isBlank()) {
        throw ScoringErrors.of("'%sjdbc.url' is empty: set the CRM database's JDBC URL "
            + "(e.g. jdbc:postgresql://host:5432/crm) or choose another sink", P);
      }
      Config col = j.getConfig("columns");
      jdbc = new JdbcSinkSettings(j.getString("url"), j.getString("user"), j.getString("password_env"),
          SqlDialect.parse(j.getString("dialect")), j.getString("table"), col.getString("lead_id"),
          col.getString("score"), col.getString("tier"), col.getStringList("reasons"),
          col.getString("model_version"), col.getString("updated_at"), col.getString("cleared_reason"),
          col.getString("next_best_action"), positive(j, "jdbc.", "batch_size"), timeouts(j),
          new JdbcSinkSettings.Owners(col.getString("owner"), col.getString("owner_assigned_on"),
              col.getString("owner_reason")));
    }
    Config h = w.getConfig("http");
    HttpSinkSettings http = null;
    if (sink.equals("http")) {
      URI url;
      try {
        url = new URI(h.getString("url"));
      } catch (URISyntaxException e) {
        // the parser's message quotes the whole value: only its reason and position, and the value redacted
        throw ScoringErrors.notAUrl(P + "http.url", "'" + Redact.url(h.getString("url")) + "': " + e.getReason()
            + " at index " + e.getIndex());
      }
      if (url.getScheme() == null || !Set.of("http", "https").contains(url.getScheme())) {
        throw ScoringErrors.of("'%shttp.url' is '%s'; set the CRM endpoint as an http(s) URL", P,
            Redact.url(h.getString("url")));
      }
      RetryPolicy retry;
      try {
        retry = new RetryPolicy(positive(h, "http.", "max_attempts"), h.getDuration("backoff_initial"),
            h.getDuration("backoff_max"), h.getDuration("retry_after_max"));
      } catch (IllegalArgumentException e) {
        throw ScoringErrors.of("'%shttp' retry settings are inconsistent: %s", P, e.getMessage());
      }
      Duration timeout = h.getDuration("timeout");
      if (timeout.isZero() || timeout.isNegative()) {
        throw ScoringErrors.of("'%shttp.timeout' is %s but must be > 0", P, timeout);
      }
      http = new HttpSinkSettings(url, h.getString("auth_header"), h.getString("auth_env"), timeout,
          positive(h, "http.", "batch_size"), retry, h.getBoolean("allow_plain_http_loopback"));
    }
    // every reason a score carries is written: the import file has as many columns as scores have reasons
    int csvReasons = Math.max(0, c.getInt("leadscore.scoring.reasons.count"));
    String outbox = sink.equals("csv") ? outbox(c, w.getString("outbox_dir")) : w.getString("outbox_dir");
    return new WritebackSettings(sink, outbox, csvReasons, checkpoint, budget, jdbc, http);
  }

  /**
   * The outbox folder: absolute as given; relative under a local storage root. A relative one is refused in
   * production ({@code leadscore.environment = production} or a storage root that is not a local folder):
   * on a cluster it would land in whatever working directory the driver happens to have.
   */
  static String outbox(Config c, String dir) {
    if (dir.isBlank()) {
      throw ScoringErrors.of("'%soutbox_dir' is empty: set the folder the CRM importer reads", P);
    }
    Path p = Path.of(dir);
    if (p.isAbsolute()) {
      return p.normalize().toString();
    }
    String root = c.getString("leadscore.storage.root");
    String env = c.getString("leadscore.environment");
    boolean localRoot = !root.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") || root.startsWith("file:");
    boolean production = env.equalsIgnoreCase("production");
    if (production || !localRoot) {
      throw ScoringErrors.of("'%soutbox_dir' is '%s', a relative path, but %s: set an absolute folder "
          + "that the CRM importer reads (e.g. /data/crm-outbox)", P, dir, production
          ? "'leadscore.environment' is production" : "the storage root " + root + " is not a local folder");
    }
    Path base = root.startsWith("file:") ? Path.of(URI.create(root)) : Path.of(root);
    return base.resolve(p).normalize().toString();
  }

  /** The JDBC sink's timeouts: whole seconds, at least 1 (JDBC and the drivers count in seconds). */
  private static JdbcSinkSettings.Timeouts timeouts(Config j) {
    Duration[] d = new Duration[3];
    String[] keys = {"query_timeout", "connect_timeout", "socket_timeout"};
    for (int i = 0; i < keys.length; i++) {
      d[i] = j.getDuration(keys[i]);
      if (d[i].compareTo(Duration.ofSeconds(1)) < 0 || d[i].toMillis() % 1000 != 0) {
        throw ScoringErrors.of("'%sjdbc.%s' is %s but must be whole seconds, at least 1s (e.g. 30s)", P, keys[i],
            j.getString(keys[i]));
      }
    }
    if (d[2].compareTo(d[0]) <= 0) {
      throw ScoringErrors.of("'%sjdbc.socket_timeout' (%s) must be longer than 'jdbc.query_timeout' (%s): the query "
          + "timeout cancels a waiting statement cleanly, the socket timeout only drops a dead connection", P,
          j.getString("socket_timeout"), j.getString("query_timeout"));
    }
    return new JdbcSinkSettings.Timeouts(d[0], d[1], d[2]);
  }

  private static int positive(Config c, String section, String key) {
    int v = c.getInt(key);
    if (v < 1) {
      throw ScoringErrors.atLeast(P + section + key, v, 1);
    }
    return v;
  }
}
