package io.leadscore.cli;

import com.typesafe.config.Config;
import io.leadscore.core.RunLock;
import io.leadscore.core.config.ConfigOrigins;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.core.runs.JobSummary;
import io.leadscore.core.runs.Problem;
import io.leadscore.core.runs.spark.JobRunLog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a command: validates the configuration of every stage it will run, takes the lakehouse lock, runs
 * the stages in order (timing each), prints the summary with its {@code problems} last, writes
 * {@code --summary-json} and appends the run to {@code job_runs}. The exit code follows the one table in
 * {@link ExitCodes}.
 */
final class Runner {
  private final PrintWriter out;
  private final PrintWriter err;

  Runner(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  int run(String command, CommonOptions options, List<Stage> stages) {
    try {
      return runChecked(command, options, stages);
    } finally {
      out.flush();
      err.flush();
    }
  }

  private int runChecked(String command, CommonOptions options, List<Stage> stages) {
    Instant started = Instant.now();
    Context ctx;
    Config config = null;
    try {
      config = LeadscoreConfig.load(options.conf, options.overrides);
      ctx = new Context(config, options, out);
      for (Stage stage : stages) {
        stage.validate(ctx);
      }
    } catch (RuntimeException e) {
      err.println("leadscore " + command + ": configuration error: "
          + ConfigOrigins.annotate(config, Messages.firstLine(e.getMessage() == null ? e.toString() : e.getMessage())));
      return ExitCodes.CONFIG;
    }
    RunLock lock;
    try {
      lock = RunLock.acquire(ctx.tables, command, ctx.date.toString(), ctx.lockStaleAfter(), ctx.hadoop(),
          err::println);
    } catch (RunLock.Held e) {
      err.println("leadscore " + command + ": " + e.getMessage());
      return ExitCodes.LOCKED;
    } catch (Exception e) {
      Path log = Failures.writeTrace(ctx.tables.root(), ctx.runId, "taking the lakehouse lock", e);
      err.println("leadscore " + command + ": cannot take the lakehouse lock " + RunLock.location(ctx.tables)
          + " for batch date " + ctx.date + ": " + Failures.explain(e) + traceNote(log));
      return ExitCodes.STAGE_FAILED;
    }
    try {
      return runStages(command, options, stages, ctx, started);
    } finally {
      lock.close();
    }
  }

  private int runStages(String command, CommonOptions options, List<Stage> stages, Context ctx, Instant started) {
    JobSummary summary = new JobSummary();
    summary.put("command", command).put("batch_date", ctx.date.toString()).put("run_id", ctx.runId);
    Map<String, Double> seconds = new LinkedHashMap<>();
    String failed = null;
    String message = null;
    for (Stage stage : stages) {
      Instant t0 = Instant.now();
      ctx.progress.accept(String.format("== %s (%s)", stage.name(), ctx.date));
      ctx.soFar(summary, seconds);
      try {
        summary.putAll(stage.run(ctx), stage.name());
      } catch (Exception e) {
        // Exception, not RuntimeException: Scala code (Spark, Delta) throws checked exceptions such as
        // AnalysisException without declaring them
        failed = stage.name();
        message = Failures.explain(e);
        seconds.put(stage.name(), secondsSince(t0));
        Path log = Failures.expected(e) ? null : Failures.writeTrace(ctx.tables.root(), ctx.runId,
            "leadscore " + command + ": stage '" + failed + "' failed for batch date " + ctx.date, e);
        err.printf("leadscore %s: stage '%s' failed for batch date %s: %s%s%n", command, failed, ctx.date, message,
            traceNote(log));
        if (System.getenv("LEADSCORE_DEBUG") != null) {
          e.printStackTrace(err);
        }
        break;
      }
      seconds.put(stage.name(), secondsSince(t0));
      ctx.progress.accept(String.format("   %s done in %.1f s", stage.name(), seconds.get(stage.name())));
    }
    String status = failed != null ? "failed" : summary.problems().isEmpty() ? "succeeded" : "degraded";
    summary.put("stages", seconds).put("seconds", secondsSince(started)).put("status", status);
    if (failed != null) {
      summary.put("failed_stage", failed).put("error", message);
    }
    if (command.equals("nightly") && failed == null && !options.quiet) {
      // just before the summary: the summary's problems stay the last lines, where a person looks
      NextSteps.lines(summary, options, ctx.tables).forEach(out::println);
    }
    print(summary);
    if (options.summaryJson != null) {
      try {
        summary.writeJson(options.summaryJson);
      } catch (RuntimeException e) {
        err.println("leadscore " + command + ": " + Messages.firstLine(e.getMessage()));
      }
    }
    if (ctx.sparkStarted()) {
      try {
        JobRunLog.append(ctx.spark(), ctx.tables, command, ctx.date, started, status, message, summary);
      } catch (Exception | LinkageError e) {
        // the run itself is over: its outcome (and exit code) stands, the log row is what is missing
        Path log = Failures.writeTrace(ctx.tables.root(), ctx.runId, "appending to job_runs", e);
        err.println("leadscore " + command + ": could not append this run to job_runs: " + Failures.explain(e)
            + traceNote(log));
      }
    }
    if (failed != null) {
      return ExitCodes.STAGE_FAILED;
    }
    if (status.equals("degraded")) {
      return options.allowDegraded ? ExitCodes.OK : ExitCodes.DEGRADED;
    }
    return ExitCodes.OK;
  }

  private void print(JobSummary summary) {
    out.println("== summary");
    summary.figures().forEach((k, v) -> {
      if (v instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof String) {
        out.printf("  %-22s%n", k + ":");
        list.forEach(x -> out.println("    " + x));
      } else {
        out.printf("  %-22s %s%n", k + ":", v == null ? "-" : v); // null: not measured this run
      }
    });
    // last, where a person looks
    List<Problem> problems = summary.problems();
    out.printf("  %-22s %d%n", "problems:", problems.size());
    problems.forEach(p -> out.println("    " + p.line()));
  }

  private static String traceNote(Path log) {
    return log == null ? "" : " (full trace: " + log + ")";
  }

  private static double secondsSince(Instant t0) {
    return Math.round(Duration.between(t0, Instant.now()).toMillis() / 100.0) / 10.0;
  }

  static String rootMessage(Throwable e) {
    String msg = e.getMessage();
    Throwable c = e;
    while (c.getCause() != null && !(c instanceof io.leadscore.core.LeadscoreException)) {
      c = c.getCause();
      msg = c.getMessage() == null ? msg : c.getMessage();
    }
    if (msg == null) {
      return e.getClass().getSimpleName();
    }
    // engine messages can carry whole query plans: the first line says what went wrong
    String first = Messages.firstLine(msg);
    return first.equals(msg) ? msg : first + " (LEADSCORE_DEBUG=1 prints the full trace)";
  }
}
