package io.leadscore.cli.spark;

import static io.leadscore.cli.spark.ReadOnlyPlan.list;
import static io.leadscore.cli.spark.ReadOnlyPlan.refused;

import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.catalyst.analysis.ResolvedInlineTable;
import org.apache.spark.sql.catalyst.expressions.CallMethodViaReflection;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.expressions.UserDefinedExpression;
import org.apache.spark.sql.catalyst.plans.logical.*;

/**
 * The second check, on the analysed plan and before it runs: what the parsed plan could not show (what a name
 * resolved to, which Java class an expression became) is checked here.
 *
 * <ul>
 *   <li>Plan nodes are query operators from an allowlist; a relation is one of the views {@link LakehouseViews}
 *       registered for this query (a {@code View} node under that name), and what is behind such a view (our
 *       Delta scan) is not inspected. Any other relation (a catalog table, a file scan) is refused.
 *   <li>Expressions are Spark's own catalyst expressions, minus the ones that call arbitrary Java code:
 *       {@code CallMethodViaReflection} ({@code reflect}, {@code java_method}), the object expressions
 *       ({@code StaticInvoke}, {@code Invoke}, {@code NewInstance}, ...) and user-defined functions.
 * </ul>
 */
final class AnalysedPlan {
  private static final Set<Class<?>> QUERY_NODES = Set.of(Project.class, Filter.class, Aggregate.class, Join.class,
      LateralJoin.class, Sort.class, GlobalLimit.class, LocalLimit.class, Offset.class, Tail.class, Union.class,
      Intersect.class, Except.class, Distinct.class, Deduplicate.class, Window.class, Expand.class, Generate.class,
      WithCTE.class, CTERelationDef.class, CTERelationRef.class, SubqueryAlias.class, LocalRelation.class,
      ResolvedInlineTable.class, OneRowRelation.class, Range.class, Sample.class, RepartitionByExpression.class,
      Repartition.class, RebalancePartitions.class, ResolvedHint.class);
  private static final String EXPRESSIONS = "org.apache.spark.sql.catalyst.expressions";

  private AnalysedPlan() {}

  /** Refuses (exit 2) unless {@code analysed} only queries the views named in {@code views}. */
  static void check(LogicalPlan analysed, Set<String> views) {
    visit(analysed, views);
  }

  private static void visit(LogicalPlan p, Set<String> views) {
    if (p instanceof View v) {
      String name = v.desc().identifier().table().toLowerCase(Locale.ROOT);
      if (!v.isTempView() || !views.contains(name)) {
        throw refused("'" + v.desc().identifier().unquotedString() + "' is a view that is not a lakehouse view");
      }
      return; // our own Delta scan, registered by LakehouseViews
    }
    if (!QUERY_NODES.contains(p.getClass())) {
      throw refused("the analysed query holds " + p.nodeName() + ", which is not a plain query operator over the "
          + "lakehouse views (files, catalog tables, commands and scripts are refused)");
    }
    for (Expression e : list(p.expressions())) {
      expression(e, views);
    }
    for (LogicalPlan c : list(p.children())) {
      visit(c, views);
    }
    for (Object inner : list(p.innerChildren())) {
      if (inner instanceof LogicalPlan lp) {
        visit(lp, views);
      }
    }
  }

  private static void expression(Expression e, Set<String> views) {
    Class<?> c = e.getClass();
    String pkg = c.getPackageName();
    if (e instanceof CallMethodViaReflection || e instanceof UserDefinedExpression
        || !pkg.startsWith(EXPRESSIONS) || pkg.startsWith(EXPRESSIONS + ".objects")
        || c.getSimpleName().equals("UserDefinedGenerator")) {
      throw refused("the expression " + e.prettyName() + " (" + c.getSimpleName() + ") calls Java code from a "
          + "query");
    }
    if (e instanceof SubqueryExpression s) {
      visit(s.plan(), views);
    }
    for (Expression child : list(e.children())) {
      expression(child, views);
    }
  }
}
