package io.leadscore.scoring.sink;

import java.util.List;

/**
 * Settings of the JDBC sink: connection (the password only as the name of an environment variable), the
 * dialect, and the CRM lead table's name and column names.
 *
 * @param reasonColumns       one column per reason, in order; reasons beyond them are not written
 * @param clearedReasonColumn where a clear says why (e.g. "opted out"); empty = not written
 * @param actionColumn        where the next best action goes; empty = not written
 */
public record JdbcSinkSettings(String url, String user, String passwordEnv, SqlDialect dialect, String table,
                               String leadIdColumn, String scoreColumn, String tierColumn,
                               List<String> reasonColumns, String modelVersionColumn, String updatedAtColumn,
                               String clearedReasonColumn, String actionColumn, int batchSize) {
  public JdbcSinkSettings {
    reasonColumns = List.copyOf(reasonColumns);
  }
}
