package io.leadscore.scoring.sink;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import io.leadscore.core.Redact;

/**
 * Batched upsert into the CRM's lead table: one prepared statement, one transaction per batch (a batch is
 * applied whole or not at all), unchanged rows skipped by the dialect's conditional upsert, so a batch
 * offered again is a no-op. A clear writes NULL score and tier, empty reasons, and the reason of the clear
 * into the configured column. Owners (the route stage's batches) are upserted into the owner columns alone, so an
 * owner never touches the score and a score never the owner.
 */
final class JdbcCrmSink implements CrmSink {
  private final JdbcSinkSettings s;
  private final Optional<String> password;
  private final String sql;
  private final String ownerSql;

  JdbcCrmSink(JdbcSinkSettings s, Optional<String> password) {
    this.s = s;
    this.password = password;
    this.sql = s.connection().dialect().upsert(s.table(), s.columns().leadId(), columns(s),
        compared(s));
    this.ownerSql = carriesOwners() ? s.connection().dialect().upsert(s.table(), s.columns().leadId(),
        ownerColumns(s, true), ownerColumns(s, false)) : null;
  }

  /** The owner columns written (with the lead id and updated_at), or compared (the owner's values alone). */
  static List<String> ownerColumns(JdbcSinkSettings s, boolean written) {
    List<String> c = new ArrayList<>(written ? List.of(s.columns().leadId(), s.owners().rep())
        : List.of(s.owners().rep()));
    if (!s.owners().assignedOn().isEmpty()) {
      c.add(s.owners().assignedOn());
    }
    if (!s.owners().reason().isEmpty()) {
      c.add(s.owners().reason());
    }
    if (written) {
      c.add(s.columns().updatedAt());
    }
    return c;
  }

  @Override
  public boolean carriesOwners() {
    return !s.owners().rep().isEmpty();
  }

  static List<String> columns(JdbcSinkSettings s) {
    List<String> c = new ArrayList<>(List.of(s.columns().leadId(), s.columns().score(), s.columns().tier()));
    c.addAll(s.columns().reasons());
    c.add(s.columns().modelVersion());
    c.add(s.columns().updatedAt());
    if (!s.columns().clearedReason().isEmpty()) {
      c.add(s.columns().clearedReason());
    }
    if (!s.columns().action().isEmpty()) {
      c.add(s.columns().action());
    }
    return c;
  }

  static List<String> compared(JdbcSinkSettings s) {
    List<String> c = new ArrayList<>(List.of(s.columns().score(), s.columns().tier()));
    c.addAll(s.columns().reasons());
    if (!s.columns().clearedReason().isEmpty()) {
      c.add(s.columns().clearedReason());
    }
    if (!s.columns().action().isEmpty()) {
      c.add(s.columns().action());
    }
    return c;
  }

  String sql() {
    return sql;
  }

  @Override
  public int batchSize() {
    return s.batchSize();
  }

  @Override
  public String target() {
    // the URL without user info or parameters, which could carry a password
    return Redact.url(s.connection().url()) + " table " + s.table();
  }

  /**
   * The connection properties: credentials, and the connect and socket timeouts as the driver names them
   * (PostgreSQL in seconds, MySQL in milliseconds); other drivers get a network timeout on the connection.
   */
  Properties properties() {
    Properties props = new Properties();
    if (!s.connection().user().isEmpty()) {
      props.setProperty("user", s.connection().user());
    }
    password.ifPresent(p -> props.setProperty("password", p));
    JdbcSinkSettings.Timeouts t = s.connection().timeouts();
    if (s.connection().url().startsWith("jdbc:postgresql:")) {
      props.setProperty("connectTimeout", String.valueOf(t.connect().toSeconds()));
      props.setProperty("socketTimeout", String.valueOf(t.socket().toSeconds()));
    } else if (s.connection().url().startsWith("jdbc:mysql:") || s.connection().url().startsWith("jdbc:mariadb:")) {
      props.setProperty("connectTimeout", String.valueOf(t.connect().toMillis()));
      props.setProperty("socketTimeout", String.valueOf(t.socket().toMillis()));
    }
    return props;
  }

  private boolean knownDriver() {
    return s.connection().url().startsWith("jdbc:postgresql:") || s.connection().url().startsWith("jdbc:mysql:")
        || s.connection().url().startsWith("jdbc:mariadb:");
  }

  @Override
  public void send(UpdateBatch batch) {
    Timestamp now = Timestamp.from(Instant.now());
    JdbcSinkSettings.Timeouts t = s.connection().timeouts();
    try (Connection c = DriverManager.getConnection(s.connection().url(), properties())) {
      if (!knownDriver()) {
        c.setNetworkTimeout(Runnable::run, (int) t.socket().toMillis());
      }
      c.setAutoCommit(false);
      if (batch.isOwners() && ownerSql == null) {
        // guard: the route stage sends owners only to a sink that carriesOwners()
        throw new IllegalStateException("owners sent to a JDBC sink without leadscore.writeback.jdbc.columns.owner");
      }
      try (PreparedStatement st = c.prepareStatement(batch.isOwners() ? ownerSql : sql)) {
        st.setQueryTimeout((int) t.query().toSeconds());
        for (CrmSink.OwnerUpdate o : batch.owners()) {
          int i = 1;
          st.setString(i++, o.leadId());
          st.setString(i++, o.repId());
          if (!s.owners().assignedOn().isEmpty()) {
            st.setDate(i++, java.sql.Date.valueOf(o.assignedOn()));
          }
          if (!s.owners().reason().isEmpty()) {
            st.setString(i++, o.reason());
          }
          st.setTimestamp(i, now);
          st.addBatch();
        }
        for (ScoreUpdate u : batch.updates()) {
          int i = 1;
          st.setString(i++, u.leadId());
          if (u.score() == null) {
            st.setNull(i++, java.sql.Types.INTEGER);
          } else {
            st.setInt(i++, u.score());
          }
          st.setString(i++, u.tier());
          for (int r = 0; r < s.columns().reasons().size(); r++) {
            st.setString(i++, r < u.reasons().size() ? u.reasons().get(r) : null);
          }
          st.setString(i++, u.modelVersion());
          st.setTimestamp(i++, now);
          if (!s.columns().clearedReason().isEmpty()) {
            st.setString(i++, u.clearReason());
          }
          if (!s.columns().action().isEmpty()) {
            // a clear empties the action with the score: no advice about a lead that may not be profiled
            st.setString(i, u.action().isEmpty() ? null : u.action());
          }
          st.addBatch();
        }
        st.executeBatch();
        c.commit();
      } catch (SQLException e) {
        // after a socket timeout the connection is gone and the rollback fails too: keep the first failure
        try {
          c.rollback();
        } catch (SQLException r) {
          e.addSuppressed(r);
        }
        throw e;
      }
    } catch (SQLException e) {
      throw failure(batch, e);
    }
  }

  /**
   * The batch's failure, told so an operator knows what happened: a statement cancelled by the query timeout (a
   * row lock, a slow CRM database) or a read that timed out is named as such. The batch stays pending and is
   * retried next run. The driver's message is kept (a secret it echoes is masked), never the URL's parameters.
   */
  private SinkException failure(UpdateBatch batch, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String head = "upsert of batch " + batch.key() + " (" + batch.size() + " leads) into " + target();
    String detail = Redact.secrets(e.getMessage(), password.map(java.util.List::of).orElse(java.util.List.of()));
    if (state.equals("57014") || e instanceof java.sql.SQLTimeoutException) {
      return new SinkException("query timeout", head + " did not finish within leadscore.writeback.jdbc.query_timeout ("
          + s.connection().timeouts().query().toSeconds() + " s; a row lock in the CRM database?) and was cancelled "
          + "and rolled back; the batch stays pending and is retried next run: " + detail, e);
    }
    if (state.startsWith("08")) {
      return new SinkException("connection failed (SQLState " + state + ")", head + " lost or could not open its "
          + "connection (connect_timeout " + s.connection().timeouts().connect().toSeconds() + " s, socket_timeout "
          + s.connection().timeouts().socket().toSeconds() + " s); the batch stays pending and is retried next run: "
          + detail, e);
    }
    return new SinkException("SQL error" + (state.isEmpty() ? "" : " (SQLState " + state + ")"), head
        + " failed and was rolled back: " + detail, e);
  }
}
