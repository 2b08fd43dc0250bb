package io.leadscore.cli;

import io.leadscore.cli.errors.UsageException;
import io.leadscore.cli.errors.CliErrors;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadscore.cli.spark.LakehouseViews;
import io.leadscore.core.LeadscoreException;
import io.leadscore.core.Tables.Table;
import io.delta.tables.DeltaTable;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code leadscore tables}: every table of the catalog with its path, Delta version, row count and columns. */
@Command(name = "tables", exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.READ_OK, ExitCodes.READ_FAILED, ExitCodes.READ_USAGE},
    description = "List the lakehouse tables: path, Delta version, row count and columns (what `leadscore sql` can query).")
final class TablesCommand implements Callable<Integer> {
  static final List<String> COLUMNS = List.of("table", "layer", "version", "rows", "path", "columns");

  @Mixin
  HelpOption help;

  @Mixin
  ConfigOptions config;

  @Spec
  CommandSpec spec;

  @Option(names = "--format", paramLabel = "table|csv|json", description = "Output format (default: ${DEFAULT-VALUE}).")
  String format = "table";

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      ResultWriter.Format f = ResultWriter.Format.parse(format);
      Context ctx = new Context(CommonOptions.of(config));
      LakehouseViews views = new LakehouseViews(ctx.spark(), ctx.tables);
      List<ObjectNode> rows = new ArrayList<>();
      for (Table t : Table.values()) {
        rows.add(describe(ctx, views, t));
      }
      // a table that lists only "not created yet" rows would still be a result: columns stay readable
      ResultWriter.write(f, COLUMNS, rows.iterator(), spec.commandLine().getOut(), Integer.MAX_VALUE);
      return 0;
    } catch (UsageException e) {
      err.println("leadscore tables: " + e.getMessage());
      return 2;
    } catch (LeadscoreException e) {
      err.println("leadscore tables: " + e.getMessage());
      return 1;
    }
  }

  private static ObjectNode describe(Context ctx, LakehouseViews views, Table t) {
    ObjectNode row = JsonNodeFactory.instance.objectNode();
    String path = ctx.tables.path(t);
    row.put("table", t.tableName()).put("layer", t.layer());
    if (!views.exists(t)) {
      row.putNull("version");
      row.putNull("rows");
      row.put("path", path);
      row.put("columns", "not created yet: run `" + LakehouseViews.createdBy(t) + "`");
      return row;
    }
    try {
      DeltaTable delta = DeltaTable.forPath(ctx.spark(), path);
      long version = delta.history(1).select("version").head().getLong(0);
      Dataset<Row> df = delta.toDF();
      row.put("version", version).put("rows", df.count()).put("path", path);
      row.put("columns", Arrays.stream(df.schema().fields())
          .map(c -> c.name() + " " + c.dataType().simpleString()).collect(Collectors.joining(", ")));
      return row;
    } catch (Exception e) { // also Delta's AnalysisException: checked in Java, undeclared by Scala
      throw CliErrors.cannotRead("table " + t.tableName() + " at " + path, LakehouseViews.firstLine(e.getMessage()), e);
    }
  }
}
