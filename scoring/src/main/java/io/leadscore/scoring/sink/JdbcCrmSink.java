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
 * applied whole or not at all), unchanged rows skipped by the dialect's upsert.
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
    return c;
  }

  static List<String> compared(JdbcSinkSettings s) {
    List<String> c = new ArrayList<>(List.of(s.scoreColumn(), s.tierColumn()));
    c.addAll(s.reasonColumns());
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
          st.setInt(i++, u.score());
          st.setString(i++, u.tier());
          for (int r = 0; r < s.reasonColumns().size(); r++) {
            st.setString(i++, r < u.reasons().size() ? u.reasons().get(r) : null);
          }
          st.setString(i++, u.modelVersion());
          st.setTimestamp(i, now);
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
