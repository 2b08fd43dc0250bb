package io.leadscore.scoring.sink;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the JDBC sink: the connection (the password only as the name of an environment variable), the CRM
 * lead table, rows per batch, and where each delivered value and the route stage's owners go.
 *
 * @param columns the lead table's column for each delivered value
 * @param owners  where the route stage's owners go; {@link Owners#NONE} = not written
 */
public record JdbcSinkSettings(Connection connection, String table, int batchSize, Columns columns, Owners owners) {

  /**
   * How the sink reaches the CRM database.
   *
   * @param passwordEnv the environment variable that holds the password (never the password itself)
   * @param timeouts    how long a batch may wait for the CRM database before it fails (and stays pending)
   */
  public record Connection(String url, String user, String passwordEnv, SqlDialect dialect, Timeouts timeouts) {}

  /**
   * The CRM lead table's column for each delivered value.
   *
   * @param reasons       one column per reason, in order; reasons beyond them are not written
   * @param clearedReason where a clear says why (e.g. "opted out"); empty = not written
   * @param action        where the next best action goes; empty = not written
   */
  public record Columns(String leadId, String score, String tier, List<String> reasons, String modelVersion,
                        String updatedAt, String clearedReason, String action) {
    public Columns {
      reasons = List.copyOf(reasons);
    }
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
