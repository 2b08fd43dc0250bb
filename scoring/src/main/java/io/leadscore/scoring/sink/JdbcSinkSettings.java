package io.leadscore.scoring.sink;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the JDBC sink: connection (the password only as the name of an environment variable), the
 * dialect, and the CRM lead table's name and column names.
 *
 * @param reasonColumns       one column per reason, in order; reasons beyond them are not written
 * @param clearedReasonColumn where a clear says why (e.g. "opted out"); empty = not written
 * @param actionColumn        where the next best action goes; empty = not written
 * @param timeouts            how long a batch may wait for the CRM database before it fails (and stays pending)
 * @param owners              where the route stage's owners go; {@link Owners#NONE} = not written
 */
public record JdbcSinkSettings(String url, String user, String passwordEnv, SqlDialect dialect, String table,
                               String leadIdColumn, String scoreColumn, String tierColumn,
                               List<String> reasonColumns, String modelVersionColumn, String updatedAtColumn,
                               String clearedReasonColumn, String actionColumn, int batchSize, Timeouts timeouts,
                               Owners owners) {
  public JdbcSinkSettings {
    reasonColumns = List.copyOf(reasonColumns);
  }

  /**
   * The CRM lead table's owner columns: the rep id ({@code rep}; empty = owners are not delivered), and where the
   * assignment date and its reason go (each empty = not written).
   */
  public record Owners(String rep, String assignedOn, String reason) {
    public static final Owners NONE = new Owners("", "", "");
  }

  /**
   * How long the sink waits: {@code query} for one batch's statement (e.g. behind a row lock), {@code connect} to
   * open a connection, {@code socket} for any one read from the server (the last resort against a dead network).
   * Each is whole seconds, at least 1 (what JDBC's setQueryTimeout and the drivers take).
   */
  public record Timeouts(Duration query, Duration connect, Duration socket) {
    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(60), Duration.ofSeconds(10),
        Duration.ofSeconds(120));
  }
}
