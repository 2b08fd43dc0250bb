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

/**
 * Batched upsert into the CRM's lead table: one prepared statement, one transaction per batch (a batch is
 * applied whole or not at all), unchanged rows skipped by the dialect's conditional upsert, so a batch
 * offered again is a no-op. A clear writes NULL score and tier, empty reasons, and the reason of the clear
 * into the configured column.
 */
final class JdbcCrmSink implements CrmSink {
  private final JdbcSinkSettings s;
  private final Optional<String> password;
  private final String sql;

  JdbcCrmSink(JdbcSinkSettings s, Optional<String> password) {
    this.s = s;
    this.password = password;
    this.sql = s.dialect().upsert(s.table(), s.leadIdColumn(), columns(s),
        compared(s));
  }

  static List<String> columns(JdbcSinkSettings s) {
    List<String> c = new ArrayList<>(List.of(s.leadIdColumn(), s.scoreColumn(), s.tierColumn()));
    c.addAll(s.reasonColumns());
    c.add(s.modelVersionColumn());
    c.add(s.updatedAtColumn());
    if (!s.clearedReasonColumn().isEmpty()) {
      c.add(s.clearedReasonColumn());
    }
    if (!s.actionColumn().isEmpty()) {
      c.add(s.actionColumn());
    }
    return c;
  }

  static List<String> compared(JdbcSinkSettings s) {
    List<String> c = new ArrayList<>(List.of(s.scoreColumn(), s.tierColumn()));
    c.addAll(s.reasonColumns());
    if (!s.clearedReasonColumn().isEmpty()) {
      c.add(s.clearedReasonColumn());
    }
    if (!s.actionColumn().isEmpty()) {
      c.add(s.actionColumn());
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
    String u = s.url().replaceAll("//[^/@]*@", "//");
    int q = u.indexOf('?');
    return (q < 0 ? u : u.substring(0, q)) + " table " + s.table();
  }

  @Override
  public void send(UpdateBatch batch) {
    Properties props = new Properties();
    if (!s.user().isEmpty()) {
      props.setProperty("user", s.user());
    }
    password.ifPresent(p -> props.setProperty("password", p));
    Timestamp now = Timestamp.from(Instant.now());
    try (Connection c = DriverManager.getConnection(s.url(), props)) {
      c.setAutoCommit(false);
      try (PreparedStatement st = c.prepareStatement(sql)) {
        for (ScoreUpdate u : batch.updates()) {
          int i = 1;
          st.setString(i++, u.leadId());
          if (u.score() == null) {
            st.setNull(i++, java.sql.Types.INTEGER);
          } else {
            st.setInt(i++, u.score());
          }
          st.setString(i++, u.tier());
          for (int r = 0; r < s.reasonColumns().size(); r++) {
            st.setString(i++, r < u.reasons().size() ? u.reasons().get(r) : null);
          }
          st.setString(i++, u.modelVersion());
          st.setTimestamp(i++, now);
          if (!s.clearedReasonColumn().isEmpty()) {
            st.setString(i++, u.clearReason());
          }
          if (!s.actionColumn().isEmpty()) {
            // a clear empties the action with the score: no advice about a lead that may not be profiled
            st.setString(i, u.action().isEmpty() ? null : u.action());
          }
          st.addBatch();
        }
        st.executeBatch();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new SinkException("upsert of batch " + batch.key() + " (" + batch.size() + " leads) into " + target()
          + " failed and was rolled back: " + e.getMessage(), e);
    }
  }
}
