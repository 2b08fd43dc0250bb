package io.leadscore.scoring.sink;

import io.leadscore.scoring.errors.ScoringErrors;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The upsert statement of each supported CRM database. Both skip rows whose score, tier and reasons are
 * already the ones sent, so a batch delivered again (after a crash before bookkeeping) changes nothing and
 * fires no update in the CRM.
 */
public enum SqlDialect {
  POSTGRESQL('"'),
  MYSQL('`');

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private final char quote;

  SqlDialect(char quote) {
    this.quote = quote;
  }

  public static SqlDialect parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "postgresql", "postgres" -> POSTGRESQL;
      case "mysql", "mariadb" -> MYSQL;
      default -> throw ScoringErrors.of(
          "'leadscore.writeback.jdbc.dialect' is '%s'; use postgresql or mysql", name);
    };
  }

  /** Quotes a table or column name; names come from config, so anything but a plain identifier is refused. */
  public String quote(String name) {
    String[] parts = name.split("\\.", -1);
    StringBuilder b = new StringBuilder();
    for (String p : parts) {
      if (!IDENTIFIER.matcher(p).matches()) {
        throw ScoringErrors.of("CRM table/column name '%s' is not a plain SQL identifier "
            + "(letters, digits, _; schema.table allowed): fix leadscore.writeback.jdbc", name);
      }
      b.append(b.isEmpty() ? "" : ".").append(quote).append(p).append(quote);
    }
    return b.toString();
  }

  /**
   * The upsert for one row, as a prepared statement with one parameter per column in {@code columns} order.
   * {@code key} is the lead id column (a primary key / unique index in the CRM table); {@code compared} the
   * columns whose equality means "nothing changed".
   */
  public String upsert(String table, String key, List<String> columns, List<String> compared) {
    String cols = columns.stream().map(this::quote).collect(Collectors.joining(", "));
    String params = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
    List<String> updated = columns.stream().filter(c -> !c.equals(key)).toList();
    String insert = "INSERT INTO " + quote(table) + " (" + cols + ") VALUES (" + params + ")";
    return switch (this) {
      case POSTGRESQL -> insert + " ON CONFLICT (" + quote(key) + ") DO UPDATE SET "
          + updated.stream().map(c -> quote(c) + " = EXCLUDED." + quote(c)).collect(Collectors.joining(", "))
          + " WHERE (" + compared.stream().map(c -> quote(table) + "." + quote(c)).collect(Collectors.joining(", "))
          + ") IS DISTINCT FROM (" + compared.stream().map(c -> "EXCLUDED." + quote(c))
          .collect(Collectors.joining(", ")) + ")";
      // MySQL has no WHERE on ON DUPLICATE KEY UPDATE and applies the assignments left to right: the other
      // columns come first and keep their value unless a compared column differs (<=> is null-safe equality);
      // the compared columns come last and simply take the new value (equal ones are left as they were), so
      // an unchanged row is reported as 0 rows affected
      case MYSQL -> insert + " ON DUPLICATE KEY UPDATE " + java.util.stream.Stream.concat(
          updated.stream().filter(c -> !compared.contains(c)).map(c -> quote(c) + " = IF(" + compared.stream()
              .map(k -> quote(k) + " <=> VALUES(" + quote(k) + ")").collect(Collectors.joining(" AND "))
              + ", " + quote(c) + ", VALUES(" + quote(c) + "))"),
          compared.stream().map(c -> quote(c) + " = VALUES(" + quote(c) + ")"))
          .collect(Collectors.joining(", "));
    };
  }
}
