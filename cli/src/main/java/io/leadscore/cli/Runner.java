package io.leadscore.cli;

import io.leadscore.features.runs.JobSummary;
import io.leadscore.features.runs.spark.JobRunLog;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs stages in order, times each, prints the summary, writes {@code --summary-json} and appends the run
 * to {@code job_runs}. A failing stage ends the run with a message naming the stage, the batch date and why.
 */
final class Runner {
  private final PrintWriter out;
  private final PrintWriter err;

  Runner(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  int run(String command, CommonOptions options, List<Stage> stages) {
    Instant started = Instant.now();
    JobSummary summary = new JobSummary();
    Map<String, Double> seconds = new LinkedHashMap<>();
    Context ctx;
    try {
      ctx = new Context(options);
    } catch (RuntimeException e) {
      err.println("leadscore " + command + ": configuration error: " + e.getMessage());
      err.flush();
      return 2;
    }
    summary.put("command", command).put("batch_date", ctx.date.toString()).put("run_id", ctx.runId);
    String failed = null;
    String message = null;
    for (Stage stage : stages) {
      Instant t0 = Instant.now();
      out.printf("== %s (%s)%n", stage.name(), ctx.date);
      try {
        summary.putAll(stage.run(ctx));
      } catch (Exception e) {
        // Exception, not RuntimeException: Scala code (Spark, Delta) throws checked exceptions such as
        // AnalysisException without declaring them
        failed = stage.name();
        message = rootMessage(e);
        seconds.put(stage.name(), secondsSince(t0));
        err.printf("leadscore %s: stage '%s' failed for batch date %s: %s%n", command, failed, ctx.date, message);
        if (System.getenv("LEADSCORE_DEBUG") != null) {
          e.printStackTrace(err);
        }
        break;
      }
      seconds.put(stage.name(), secondsSince(t0));
    }
    summary.put("stages", seconds).put("seconds", secondsSince(started))
        .put("status", failed == null ? "succeeded" : "failed");
    if (failed != null) {
      summary.put("failed_stage", failed).put("error", message);
    }
    print(summary);
    if (options.summaryJson != null) {
      summary.writeJson(options.summaryJson);
    }
    if (ctx.sparkStarted()) {
      try {
        JobRunLog.append(ctx.spark(), ctx.tables, command, ctx.date, started,
            failed == null ? "succeeded" : "failed", message, summary);
      } catch (RuntimeException e) {
        err.println("leadscore " + command + ": could not append to job_runs: " + rootMessage(e));
      }
    }
    out.flush();
    err.flush();
    return failed == null ? 0 : 1;
  }

  private void print(JobSummary summary) {
    out.println("== summary");
    summary.figures().forEach((k, v) -> {
      if (v instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof String) {
        out.printf("  %-22s%n", k + ":");
        list.forEach(x -> out.println("    " + x));
      } else {
        out.printf("  %-22s %s%n", k + ":", v);
      }
    });
  }

  private static double secondsSince(Instant t0) {
    return Math.round(Duration.between(t0, Instant.now()).toMillis() / 100.0) / 10.0;
  }

  static String rootMessage(Throwable e) {
    String msg = e.getMessage();
    Throwable c = e;
    while (c.getCause() != null && !(c instanceof io.leadscore.features.LeadscoreException)) {
      c = c.getCause();
      msg = c.getMessage() == null ? msg : c.getMessage();
    }
    if (msg == null) {
      return e.getClass().getSimpleName();
    }
    // engine messages can carry whole query plans: the first line says what went wrong
    int nl = msg.indexOf('\n');
    return nl < 0 ? msg : msg.substring(0, nl) + " (LEADSCORE_DEBUG=1 prints the full trace)";
  }
}
