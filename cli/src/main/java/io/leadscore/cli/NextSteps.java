package io.leadscore.cli;

import io.leadscore.core.Tables;
import io.leadscore.core.runs.JobSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.ArrayList;
import java.util.List;

/**
 * What to look at after a nightly, with this run's real paths and commands (printed just before the summary
 * unless {@code --quiet}, so that the summary's problems stay last): the tables, one SQL query, the report, the CRM import file and the training runs. A newcomer
 * should not need the docs to find tonight's results.
 */
final class NextSteps {
  private NextSteps() {}

  static List<String> lines(JobSummary summary, CommonOptions options, Tables tables) {
    String conf = options.conf.equals(Path.of("conf/local.conf")) ? "" : " --conf " + options.conf;
    String cmd = "bin/leadscore";
    List<String> out = new ArrayList<>();
    out.add("== next steps");
    out.add("  the tables:     " + cmd + " tables" + conf + "   (Delta tables under " + tables.root() + ")");
    out.add("  a query:        " + cmd + " sql" + conf + " \"select tier, count(*) as leads from lead_scores"
        + " where score_date = date'" + options.date + "' group by tier order by tier\"");
    Object report = summary.get("report");
    if (report != null) {
      out.add("  the report:     " + report);
    }
    Object target = summary.get("crm_target");
    if (target != null && "csv".equals(summary.get("crm_sink"))) {
      out.add("  the CRM file:   " + newestImportFile(target.toString()));
    } else if (target != null) {
      out.add("  the CRM:        " + summary.get("crm_sink") + " " + target);
    }
    out.add("  training runs:  " + cmd + " runs" + conf);
    out.add("  more: README.md \"After your first run\", docs/getting-started.md");
    return out;
  }

  /** The newest {@code crm_import_*.csv} of a local outbox (names sort by date and sequence), else the folder. */
  static String newestImportFile(String outbox) {
    Path dir = Path.of(outbox);
    if (!Files.isDirectory(dir)) {
      return outbox;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString())
          .filter(n -> n.startsWith("crm_import_") && n.endsWith(".csv")).max(Comparator.naturalOrder())
          .map(n -> dir.resolve(n).toString()).orElse(outbox + " (no import file tonight: no score changed)");
    } catch (IOException | UncheckedIOException e) {
      return outbox;
    }
  }
}
