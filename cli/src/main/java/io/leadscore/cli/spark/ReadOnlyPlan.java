package io.leadscore.cli.spark;

import io.leadscore.cli.UsageException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoDir;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ParsedStatement;
import org.apache.spark.sql.catalyst.plans.logical.V2WriteCommand;
import scala.collection.JavaConverters;

/**
 * A statement parsed by Spark's own parser and accepted only when its plan is a read-only query.
 *
 * <p>Why the plan and not the text: a string match on "INSERT" misses {@code WITH x AS (...) INSERT},
 * {@code MERGE}, {@code CACHE TABLE ... AS}, {@code INSERT OVERWRITE DIRECTORY} and refuses a harmless
 * {@code select 'INSERT'}. Every node of the plan is visited (children, CTE definitions and subqueries in
 * expressions), and any command or write node refuses the statement. Commands that only read (SHOW,
 * DESCRIBE, EXPLAIN) are refused too: the check is "a query", nothing else; {@code leadscore tables} lists
 * tables and columns. {@code reflect}/{@code java_method} call arbitrary static Java methods from a query,
 * so they are refused as well.
 */
public final class ReadOnlyPlan {
  private static final Set<String> JAVA_CALLS = Set.of("reflect", "java_method", "try_reflect");
  private static final Map<String, String> KINDS = Map.ofEntries(
      Map.entry("InsertIntoStatement", "INSERT"), Map.entry("InsertIntoDir", "INSERT OVERWRITE DIRECTORY"),
      Map.entry("DeleteFromTable", "DELETE"), Map.entry("UpdateTable", "UPDATE"),
      Map.entry("MergeIntoTable", "MERGE"), Map.entry("CreateTableAsSelect", "CREATE TABLE AS SELECT"),
      Map.entry("CreateTable", "CREATE TABLE"), Map.entry("DropTable", "DROP TABLE"),
      Map.entry("CreateView", "CREATE VIEW"), Map.entry("ReplaceTableAsSelect", "REPLACE TABLE"),
      Map.entry("TruncateTable", "TRUNCATE"), Map.entry("SetCommand", "SET"));

  private final LogicalPlan plan;

  private ReadOnlyPlan(LogicalPlan plan) {
    this.plan = plan;
  }

  /** Parses {@code sql} and accepts it only as a read-only query; refusals are {@link UsageException}s (exit 2). */
  public static ReadOnlyPlan parse(ParserInterface parser, String sql) {
    LogicalPlan plan;
    try {
      plan = parser.parsePlan(sql);
    } catch (ParseException e) {
      throw new UsageException("Cannot parse the statement: " + e.getMessage().strip());
    }
    walk(plan, node -> {
      String write = writeKind(node);
      if (write != null) {
        throw new UsageException("Refused: the statement is a " + write + " (" + node.nodeName() + "), and `leadscore "
            + "sql` only runs read-only queries (SELECT, WITH ... SELECT, VALUES). Tables change only through the "
            + "jobs (ingest, features, train, score, erase, purge).");
      }
      for (Expression e : list(node.expressions())) {
        walkExpression(e);
      }
    });
    return new ReadOnlyPlan(plan);
  }

  /** The single-part table names the query reads (CTE names included: the caller matches them to the catalog). */
  public Set<String> relations() {
    Set<String> out = new LinkedHashSet<>();
    walk(plan, node -> {
      if (node instanceof UnresolvedRelation r) {
        List<String> parts = list(r.multipartIdentifier());
        if (parts.size() == 1) {
          out.add(parts.get(0).toLowerCase(Locale.ROOT));
        }
      }
    });
    return out;
  }

  private static String writeKind(LogicalPlan node) {
    if (node instanceof Command || node instanceof ParsedStatement || node instanceof V2WriteCommand
        || node instanceof InsertIntoDir) {
      return KINDS.getOrDefault(node.getClass().getSimpleName(), "command");
    }
    String pkg = node.getClass().getPackageName();
    // write and DDL plans that are not Commands live in the execution packages, never in a query
    if (pkg.startsWith("org.apache.spark.sql.execution.command") || pkg.startsWith("org.apache.spark.sql.execution.datasources")
        || pkg.startsWith("org.apache.spark.sql.delta.commands")) {
      return "command";
    }
    return null;
  }

  private static void walkExpression(Expression e) {
    if (e instanceof UnresolvedFunction f) {
      List<String> parts = list(f.nameParts());
      String name = parts.get(parts.size() - 1).toLowerCase(Locale.ROOT);
      if (JAVA_CALLS.contains(name)) {
        throw new UsageException("Refused: " + name + "() calls Java methods from a query; `leadscore sql` runs "
            + "read-only queries only");
      }
    }
    for (Expression c : list(e.children())) {
      walkExpression(c);
    }
  }

  private static void walk(LogicalPlan p, Consumer<LogicalPlan> visit) {
    visit.accept(p);
    for (LogicalPlan c : list(p.children())) {
      walk(c, visit);
    }
    for (Object inner : list(p.innerChildren())) {
      if (inner instanceof LogicalPlan lp) {
        walk(lp, visit);
      }
    }
    for (LogicalPlan s : list(p.subqueries())) {
      walk(s, visit);
    }
  }

  private static <T> List<T> list(scala.collection.Seq<T> seq) {
    return JavaConverters.seqAsJavaListConverter(seq).asJava();
  }
}
