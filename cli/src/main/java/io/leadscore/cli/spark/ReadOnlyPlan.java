package io.leadscore.cli.spark;

import io.leadscore.cli.errors.UsageException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.ExpressionWithUnresolvedIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry$;
import org.apache.spark.sql.catalyst.analysis.RelationTimeTravel;
import org.apache.spark.sql.catalyst.analysis.TableFunctionRegistry$;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedGenerator;
import org.apache.spark.sql.catalyst.analysis.UnresolvedHaving;
import org.apache.spark.sql.catalyst.analysis.UnresolvedInlineTable;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.analysis.UnresolvedSubqueryColumnAliases;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTVFAliases;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableValuedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.*;
import scala.collection.JavaConverters;

/**
 * A statement parsed by Spark's own parser and accepted only when every node of its plan is a query operator
 * from an allowlist, before anything is analysed or run ({@link AnalysedPlan} checks the analysed plan again).
 *
 * <p>Why an allowlist and not a list of writes: Spark, Delta and their extensions keep adding commands (Delta's
 * RESTORE and CLONE are not Spark commands, a script TRANSFORM is a query node that runs a shell), so anything
 * not known to be a plain query operator is refused. Relations are single names of the lakehouse views (or the
 * statement's own CTEs): a multi-part name such as {@code delta.`/path`} or {@code text.`/etc/hostname`} reads
 * any path. Functions are Spark's built-ins only, minus the ones that call Java methods ({@code reflect},
 * {@code java_method}), and {@code identifier(...)} is refused because it hides a name from this check. Every
 * node is visited: children, CTE definitions, and subqueries inside expressions and lambda functions.
 */
public final class ReadOnlyPlan {
  static final Set<String> JAVA_CALLS = Set.of("reflect", "java_method", "try_reflect");
  static final String WAY_OUT = "`leadscore sql` runs read-only queries over the lakehouse views (`leadscore tables` "
      + "lists them).";
  private static final Set<Class<?>> QUERY_NODES = Set.of(Project.class, Filter.class, Aggregate.class, Join.class,
      LateralJoin.class, Sort.class, GlobalLimit.class, LocalLimit.class, Offset.class, Union.class, Intersect.class,
      Except.class, Distinct.class, WithWindowDefinition.class, UnresolvedWith.class, SubqueryAlias.class,
      UnresolvedRelation.class, UnresolvedInlineTable.class, OneRowRelation.class, LocalRelation.class, Generate.class,
      UnresolvedTableValuedFunction.class, UnresolvedTVFAliases.class, Sample.class, Pivot.class, Unpivot.class,
      RepartitionByExpression.class, UnresolvedHint.class, UnresolvedSubqueryColumnAliases.class,
      UnresolvedHaving.class);
  /** What a refused node is, for the message (the node's class name is shown too). */
  private static final Map<String, String> KINDS = Map.ofEntries(
      Map.entry("InsertIntoStatement", "INSERT"), Map.entry("InsertIntoDir", "INSERT OVERWRITE DIRECTORY"),
      Map.entry("DeleteFromTable", "DELETE"), Map.entry("UpdateTable", "UPDATE"),
      Map.entry("MergeIntoTable", "MERGE"), Map.entry("CreateTableAsSelect", "CREATE TABLE AS SELECT"),
      Map.entry("CreateTable", "CREATE TABLE"), Map.entry("DropTable", "DROP TABLE"),
      Map.entry("CreateView", "CREATE VIEW"), Map.entry("ReplaceTableAsSelect", "REPLACE TABLE"),
      Map.entry("TruncateTable", "TRUNCATE"), Map.entry("SetCommand", "SET"),
      Map.entry("ScriptTransformation", "script TRANSFORM (it runs a shell command)"),
      Map.entry("RestoreTableStatement", "Delta RESTORE"), Map.entry("CloneTableStatement", "Delta CLONE"));

  private final LogicalPlan plan;

  private ReadOnlyPlan(LogicalPlan plan) {
    this.plan = plan;
  }

  /**
   * Parses {@code sql} and accepts it only as a read-only query over relations that {@code view} accepts;
   * refusals are {@link UsageException}s (exit 2).
   */
  public static ReadOnlyPlan parse(ParserInterface parser, String sql, Predicate<String> view, String viewNames) {
    LogicalPlan plan;
    try {
      plan = parser.parsePlan(sql);
    } catch (ParseException e) {
      throw new UsageException("Cannot parse the statement: " + e.getMessage().strip());
    }
    Set<String> ctes = new LinkedHashSet<>();
    walk(plan, node -> {
      if (node instanceof UnresolvedWith w) {
        list(w.cteRelations()).forEach(c -> ctes.add(c._1().toLowerCase(Locale.ROOT)));
      }
    });
    walk(plan, node -> {
      checkNode(node, view, ctes, viewNames);
      for (Expression e : list(node.expressions())) {
        walkExpression(e);
      }
    });
    return new ReadOnlyPlan(plan);
  }

  /** The parsed plan, to analyse (never to run before {@link AnalysedPlan} accepted it). */
  public LogicalPlan plan() {
    return plan;
  }

  /** The single-part relation names the query reads (CTE names included: the caller matches them to the catalog). */
  public Set<String> relations() {
    Set<String> out = new LinkedHashSet<>();
    walk(plan, node -> {
      if (node instanceof UnresolvedRelation r) {
        out.add(list(r.multipartIdentifier()).get(0).toLowerCase(Locale.ROOT));
      }
    });
    return out;
  }

  static UsageException refused(String what) {
    return new UsageException("Refused: " + what + "; " + WAY_OUT);
  }

  private static void checkNode(LogicalPlan node, Predicate<String> view, Set<String> ctes, String viewNames) {
    String name = node.getClass().getSimpleName();
    if (node instanceof RelationTimeTravel) {
      throw refused("VERSION/TIMESTAMP AS OF (RelationTimeTravel): pin a version with name@vN or --as-of");
    }
    if (!QUERY_NODES.contains(node.getClass())) {
      String kind = KINDS.getOrDefault(name, node instanceof Command || node instanceof ParsedStatement
          || node instanceof V2WriteCommand ? "command" : "statement that is not a plain query");
      throw refused("the statement is a " + kind + " (" + name + "), and only SELECT, WITH ... SELECT and VALUES run."
          + " Tables change only through the jobs (ingest, features, train, score, erase, purge)");
    }
    if (node instanceof UnresolvedRelation r) {
      List<String> parts = list(r.multipartIdentifier());
      if (parts.size() != 1) {
        throw refused("'" + String.join(".", parts) + "' is not a lakehouse view (paths, file formats such as "
            + "delta.`/path` or text.`/file`, and catalog tables are not readable)");
      }
      String n = parts.get(0).toLowerCase(Locale.ROOT);
      if (!view.test(n) && !ctes.contains(n)) {
        throw new UsageException("Unknown table '" + parts.get(0) + "'. The lakehouse tables are: " + viewNames
            + " (time travel: name@vN); `leadscore tables` shows which exist.");
      }
    }
    if (node instanceof UnresolvedTableValuedFunction f) {
      List<String> parts = list(f.name());
      String n = parts.get(parts.size() - 1).toLowerCase(Locale.ROOT);
      if (parts.size() != 1 || !TableFunctionRegistry$.MODULE$.builtin().functionExists(new FunctionIdentifier(n))) {
        throw refused("table function " + String.join(".", parts) + "() is not one of Spark's built-in generators "
            + "(range, explode, inline, stack, ...)");
      }
    }
  }

  private static void walkExpression(Expression e) {
    if (e instanceof ExpressionWithUnresolvedIdentifier) {
      throw refused("identifier(...) (ExpressionWithUnresolvedIdentifier) hides a name from the check: write the "
          + "name itself");
    }
    if (e instanceof UnresolvedFunction f) {
      checkFunction(list(f.nameParts()));
    } else if (e instanceof UnresolvedGenerator g) {
      checkFunction(List.of(g.name().funcName()));
    }
    for (Expression c : list(e.children())) {
      walkExpression(c);
    }
  }

  private static void checkFunction(List<String> parts) {
    String name = parts.get(parts.size() - 1).toLowerCase(Locale.ROOT);
    if (JAVA_CALLS.contains(name)) {
      throw refused(name + "() calls Java methods from a query");
    }
    if (parts.size() != 1 || !FunctionRegistry$.MODULE$.builtin().functionExists(new FunctionIdentifier(name))) {
      throw refused("function " + String.join(".", parts) + "() is not a Spark built-in function");
    }
  }

  static void walk(LogicalPlan p, Consumer<LogicalPlan> visit) {
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

  static <T> List<T> list(scala.collection.Seq<T> seq) {
    return JavaConverters.seqAsJavaListConverter(seq).asJava();
  }
}
