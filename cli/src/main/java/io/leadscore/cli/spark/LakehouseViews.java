package io.leadscore.cli.spark;

import io.leadscore.cli.errors.CliErrors;
import io.leadscore.cli.errors.UsageException;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.execution.CommandExecutionMode$;
import org.apache.spark.sql.execution.QueryExecution;

/**
 * Runs a read-only query over the lakehouse: each catalog table the query names becomes a temporary view
 * under its catalog name ({@code leads}, {@code lead_scores}, ...), read at its current version, at
 * {@code name@vN}, or at the {@code --as-of} version or timestamp.
 *
 * <p>Only the tables the query names are opened, because opening a Delta table reads its log (hundreds of
 * milliseconds each); the names come from the parsed plan, and the paths from {@link Tables}.
 */
public final class LakehouseViews {
  /** {@code lead_scores@v3}: Spark's parser has no {@code @}, so the reference is rewritten to {@code lead_scores__v3}. */
  private static final Pattern AT_VERSION = Pattern.compile("(?i)\\b([a-z_][a-z0-9_]*)@v(\\d+)\\b");
  private static final Pattern VERSIONED_VIEW = Pattern.compile("([a-z_][a-z0-9_]*)__v(\\d+)");

  private final SparkSession spark;
  private final Tables tables;
  private final Map<String, Table> byName = new LinkedHashMap<>();
  private final ErasureGuard erasures;

  public LakehouseViews(SparkSession spark, Tables tables) {
    this.spark = spark;
    this.tables = tables;
    this.erasures = new ErasureGuard(spark, tables);
    for (Table t : Table.values()) {
      byName.put(t.tableName(), t);
    }
  }

  /**
   * Checks {@code sql} is a read-only query over the lakehouse views, opens the tables it reads, analyses it,
   * checks the analysed plan, and returns it unexecuted. Nothing of the statement runs before both checks: it is
   * parsed and analysed here, never passed to {@code spark.sql} (which runs commands as soon as it is called).
   *
   * @param asOf null, a Delta version ("12") or a timestamp ("2026-11-24", "2026-11-24 06:00:00"), applied to
   *     every table not pinned with {@code @vN}
   */
  public Dataset<Row> query(String sql, String asOf) {
    String rewritten = rewriteVersions(sql);
    ReadOnlyPlan plan = ReadOnlyPlan.parse(spark.sessionState().sqlParser(), rewritten, this::isView, names());
    Set<String> views = new HashSet<>();
    for (String name : plan.relations()) {
      Matcher m = VERSIONED_VIEW.matcher(name);
      if (byName.containsKey(name)) {
        register(name, byName.get(name), asOf == null ? null : asOf.strip());
        views.add(name);
      } else if (m.matches() && byName.containsKey(m.group(1))) {
        register(name, byName.get(m.group(1)), m.group(2));
        views.add(name);
      }
      // other names: the statement's CTEs
    }
    QueryExecution qe = spark.sessionState().executePlan(plan.plan(), CommandExecutionMode$.MODULE$.SKIP());
    qe.assertAnalyzed(); // an AnalysisException (unknown column, ...): exit 2, see SqlCommand
    AnalysedPlan.check(qe.analyzed(), views);
    return new Dataset<>(qe, ExpressionEncoder.apply(qe.analyzed().schema()));
  }

  /** A lakehouse view name: a table's catalog name, or {@code name__vN} (what {@code name@vN} is rewritten to). */
  private boolean isView(String name) {
    Matcher m = VERSIONED_VIEW.matcher(name);
    return byName.containsKey(name) || m.matches() && byName.containsKey(m.group(1));
  }

  /** The catalog's table names, for messages. */
  public String names() {
    return String.join(", ", byName.keySet());
  }

  /** The command that creates a table, for the "does not exist yet" message. */
  public static String createdBy(Table t) {
    return switch (t) {
      case LEAD_DAILY, FEATURES, TRAINING_SET -> "leadscore features";
      case LEAD_SCORES, CRM_SYNC, CRM_PENDING -> "leadscore score";
      case ASSIGNMENTS, CRM_OWNER_SYNC, CRM_OWNER_PENDING -> "leadscore route";
      case DRIFT, PERFORMANCE -> "leadscore monitor";
      case JOB_RUNS -> "any leadscore job (e.g. leadscore nightly)";
      case ERASURES -> "leadscore erase or leadscore purge";
      default -> "leadscore ingest"; // bronze and silver
    };
  }

  /** Whether the table exists on storage (has a Delta log), without opening it. */
  public boolean exists(Table t) {
    try {
      Path log = new Path(tables.path(t) + "/_delta_log");
      return log.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(log);
    } catch (IOException e) {
      throw CliErrors.cannotCheck(t.tableName(), tables.path(t), e.getMessage(), e);
    }
  }

  private String rewriteVersions(String sql) {
    Matcher m = AT_VERSION.matcher(sql);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String name = m.group(1).toLowerCase(Locale.ROOT);
      if (!byName.containsKey(name)) {
        throw new UsageException("Unknown table '" + m.group(1) + "' in '" + m.group() + "': the lakehouse tables are "
            + names());
      }
      m.appendReplacement(b, name + "__v" + m.group(2));
    }
    m.appendTail(b);
    return b.toString();
  }

  private void register(String view, Table t, String version) {
    if (!exists(t)) {
      throw CliErrors.tableMissing(t.tableName(), tables.path(t), createdBy(t));
    }
    DataFrameReader reader = spark.read().format("delta");
    String label = t.tableName();
    if (version != null) {
      erasures.floor(t).ifPresent(f -> {
        if (version.matches("\\d+")) {
          f.checkVersion(Long.parseLong(version));
        } else {
          f.checkTime(version, LocalDateTime.parse(timestamp(version).replace(' ', 'T')).toInstant(ZoneOffset.UTC));
        }
      });
    }
    if (version != null && version.matches("\\d+")) {
      reader = reader.option("versionAsOf", version);
      label += "@v" + version;
    } else if (version != null) {
      reader = reader.option("timestampAsOf", timestamp(version));
      label += " as of " + version;
    }
    try {
      reader.load(tables.path(t)).createOrReplaceTempView(view);
    } catch (Exception e) {
      // Delta's own message (a DeltaAnalysisException, checked for Java but undeclared by Scala) names the versions or timestamps available
      throw CliErrors.cannotRead(label, firstLine(e.getMessage()), e);
    }
  }

  /** A date means the start of that day (UTC); a date-time may use 'T' or a space. */
  static String timestamp(String s) {
    if (s.matches("\\d{4}-\\d{2}-\\d{2}")) {
      return s + " 00:00:00";
    }
    if (s.matches("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?")) {
      return s.replace('T', ' ');
    }
    throw new UsageException("--as-of '" + s + "' is neither a Delta version (e.g. 3) nor a timestamp "
        + "(e.g. 2026-11-24 or 2026-11-24T06:00:00, UTC)");
  }

  public static String firstLine(String message) {
    return Optional.ofNullable(message).map(m -> Arrays.stream(m.split("\n")).limit(3).collect(Collectors.joining(" ")))
        .orElse("(no message)");
  }
}
