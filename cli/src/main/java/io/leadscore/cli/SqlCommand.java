package io.leadscore.cli;

import io.leadscore.cli.sql.ErasureFloor;
import io.leadscore.cli.errors.UsageException;
import io.leadscore.cli.spark.JsonRows;
import io.leadscore.cli.spark.LakehouseViews;
import io.leadscore.core.LeadscoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code leadscore sql "SELECT ..."}: a read-only Spark SQL query over the lakehouse views, printed as a
 * table, CSV or JSON. Exit 0 with a result; 2 for a refused statement (anything but a query over the lakehouse
 * views: see {@link io.leadscore.cli.spark.ReadOnlyPlan}; a version older than the last erasure: see
 * {@link ErasureFloor}), a statement that does not parse or analyse, or a bad option; 1 when a table cannot be
 * read (e.g. not created yet). A refused statement never runs: it is checked before and after analysis and is
 * never handed to {@code spark.sql}.
 */
@Command(name = "sql", exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.READ_OK, ExitCodes.READ_FAILED, ExitCodes.READ_USAGE},
    description = {"Run a read-only SQL query over the lakehouse tables (each table is a view under its catalog "
        + "name; `leadscore tables` lists them).",
        "Time travel: name@vN in the query, or --as-of for every table (not before the last erasure).",
        "Only queries over the lakehouse views run: commands, writes, paths and Java calls are refused (exit 2).",
        "Several queries at once: one JVM start; with --format json the output is an array of results."})
final class SqlCommand implements Callable<Integer> {
  @Mixin
  HelpOption help;

  @Mixin
  ConfigOptions config;

  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "SQL", description = "The query, e.g. \"select tier, count(*) from "
      + "lead_scores group by tier\". Several queries run in turn.")
  List<String> queries;

  @Option(names = "--format", paramLabel = "table|csv|json", description = "Output format (default: ${DEFAULT-VALUE}).")
  String format = "table";

  @Option(names = "--out", paramLabel = "FILE", description = "Write the result to FILE instead of the terminal.")
  Path out;

  @Option(names = "--as-of", paramLabel = "VERSION|TIMESTAMP",
      description = "Read every table at this Delta version or timestamp (UTC), e.g. 3 or 2026-11-24T06:00:00.")
  String asOf;

  @Option(names = "--limit", paramLabel = "<rows>", description = "Rows shown by --format table (default: ${DEFAULT-VALUE}); csv and json "
      + "write every row.")
  int limit = 100;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      ResultWriter.Format f = ResultWriter.Format.parse(format);
      if (queries.size() > 1 && f == ResultWriter.Format.CSV) {
        throw new UsageException("--format csv holds one result: run one query per call, or use --format json");
      }
      if (limit < 1) {
        throw new UsageException("--limit " + limit + " must be at least 1");
      }
      Context ctx = new Context(CommonOptions.of(config));
      LakehouseViews views = new LakehouseViews(ctx.spark(), ctx.tables);
      if (out == null) {
        run(views, f, spec.commandLine().getOut());
      } else {
        long rows = toFile(views, f);
        spec.commandLine().getOut().println("leadscore sql: " + rows + " rows written to " + out);
      }
      return 0;
    } catch (UsageException e) {
      err.println("leadscore sql: " + e.getMessage());
      return 2;
    } catch (LeadscoreException | UncheckedIOException e) {
      err.println("leadscore sql: " + e.getMessage());
      return 1;
    } catch (Exception e) {
      // Scala does not declare AnalysisException (a checked exception in Java): it arrives undeclared
      if (e instanceof AnalysisException a) {
        err.println("leadscore sql: " + analysis(a));
        return 2;
      }
      err.println("leadscore sql: the query failed: " + LakehouseViews.firstLine(e.getMessage()));
      return 1;
    }
  }

  private String analysis(AnalysisException e) {
    String msg = e.getSimpleMessage();
    if ("TABLE_OR_VIEW_NOT_FOUND".equals(e.getErrorClass())) {
      return msg + " The lakehouse tables are: " + String.join(", ", tableNames())
          + " (time travel: name@vN); `leadscore tables` shows which exist.";
    }
    return msg;
  }

  private static List<String> tableNames() {
    return java.util.Arrays.stream(io.leadscore.core.Tables.Table.values()).map(t -> t.tableName()).toList();
  }

  private long toFile(LakehouseViews views, ResultWriter.Format f) {
    Path target = out.toAbsolutePath();
    try {
      Files.createDirectories(target.getParent());
      // temp file + rename: a failed query never leaves a half-written file where the old result was
      Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        long rows = run(views, f, w);
        w.close();
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return rows;
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + out + ": " + e.getMessage(), e);
    }
  }

  private long run(LakehouseViews views, ResultWriter.Format f, Writer w) throws IOException {
    boolean several = queries.size() > 1;
    long rows = 0;
    if (several && f == ResultWriter.Format.JSON) {
      w.write("[\n");
    }
    for (int i = 0; i < queries.size(); i++) {
      Dataset<Row> df = views.query(queries.get(i), asOf);
      if (i > 0) {
        w.write(f == ResultWriter.Format.JSON ? ",\n" : "\n");
      }
      rows += ResultWriter.write(f, JsonRows.columns(df), JsonRows.of(df), w, limit);
    }
    if (several && f == ResultWriter.Format.JSON) {
      w.write("]\n");
    }
    w.flush();
    return rows;
  }
}
