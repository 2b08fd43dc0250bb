package io.leadscore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.cli.Main;
import io.leadscore.ingest.generate.ExportGenerator;
import io.leadscore.ingest.generate.GeneratorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The whole nightly at a chosen scale: generates the exports (not timed), then runs {@code leadscore
 * nightly} in this JVM (ingest, features, train with CV, score with reasons, CSV writeback) exactly as
 * the command line does, and prints each stage's seconds and rows/s from the run's own summary, the
 * peak heap, and a last line in a fixed form for scripts:
 *
 * <pre>NIGHTLY leads=N seconds=S peak_heap_mib=H cv_auc=X</pre>
 *
 * <pre>bench/run NightlyBench --leads 1000000 [--events-per-lead 30] [--dir bench/target/nightly]
 *     [--set key=value ...] [--keep]</pre>
 */
public final class NightlyBench {
  static final LocalDate DATE = LocalDate.parse("2026-11-24");

  public static void main(String[] args) throws IOException {
    Map<String, String> a = new HashMap<>();
    List<String> sets = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--keep")) {
        a.put("keep", "true");
      } else if (args[i].equals("--set") && i + 1 < args.length) {
        sets.add(args[++i]);
      } else if (args[i].startsWith("--") && i + 1 < args.length) {
        a.put(args[i].substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException(
            "usage: NightlyBench --leads N [--events-per-lead M] [--dir D] [--set key=value ...] [--keep]");
      }
    }
    int leads = Integer.parseInt(a.getOrDefault("leads", "100000"));
    double perLead = Double.parseDouble(a.getOrDefault("events-per-lead", "30"));
    Path dir = Path.of(a.getOrDefault("dir", "bench/target/nightly-bench")).toAbsolutePath();
    delete(dir);

    // the generator's own rate gives a few events per lead: measure it on a sample, then scale it
    ExportGenerator.Result sample = new ExportGenerator(new GeneratorSpec(dir.resolve("sample"), DATE, 2000, 365, 42))
        .generate();
    double scale = perLead / ((double) sample.events() / sample.leads());
    delete(dir.resolve("sample"));
    long g0 = System.nanoTime();
    ExportGenerator.Result gen = new ExportGenerator(new GeneratorSpec(dir.resolve("landing"), DATE, leads, 365, 42,
        scale)).generate();
    System.out.printf("generated (not timed): %,d leads, %,d events, %,d activities, %,d opportunities in %.1f s%n",
        gen.leads(), gen.events(), gen.activities(), gen.opportunities(), (System.nanoTime() - g0) / 1e9);

    Path summaryFile = dir.resolve("summary.json");
    List<String> cli = new ArrayList<>(List.of("nightly", "--date", DATE.toString(),
        "--set", "leadscore.storage.root=" + dir.resolve("lakehouse"),
        "--set", "leadscore.landing.dir=" + dir.resolve("landing"),
        "--set", "leadscore.landing.generate_if_empty=false",
        "--set", "leadscore.writeback.outbox_dir=" + dir.resolve("outbox"),
        "--summary-json", summaryFile.toString()));
    for (String s : sets) {
      cli.add("--set");
      cli.add(s);
    }
    long t0 = System.nanoTime();
    int code = new CommandLine(new Main()).execute(cli.toArray(new String[0]));
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (!Files.exists(summaryFile)) {
      throw new IllegalStateException("the nightly wrote no summary (exit " + code + ")");
    }
    JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
    long peak = BenchSupport.peakHeapMiB();

    System.out.println();
    System.out.printf("nightly exit %d, status %s, %s%n", code, summary.path("status").asText(),
        BenchSupport.machine());
    System.out.printf("%-10s %10s %14s %12s%n", "stage", "seconds", "rows", "rows/s");
    JsonNode stages = summary.path("stages");
    for (var it = stages.fields(); it.hasNext(); ) {
      var stage = it.next();
      if (stage.getKey().equals("generate")) {
        continue; // the exports were generated above, outside the timed run
      }
      long rows = rows(stage.getKey(), summary);
      double s = stage.getValue().asDouble();
      System.out.printf("%-10s %10.1f %,14d %,12.0f%n", stage.getKey(), s, rows, s > 0 ? rows / s : 0);
    }
    System.out.printf("NIGHTLY leads=%d seconds=%.1f peak_heap_mib=%d cv_auc=%s%n", leads, seconds, peak,
        summary.path("cv_auc").asText("nan"));
    if (!a.containsKey("keep")) {
      delete(dir);
    }
    System.exit(code);
  }

  /** The rows a stage handled, from the summary: received rows, feature + training rows, scored leads. */
  static long rows(String stage, JsonNode summary) {
    return switch (stage) {
      case "ingest" -> summary.path("received").asLong();
      case "features" -> summary.path("feature_rows").asLong() + summary.path("training_rows").asLong();
      case "train" -> summary.path("training_rows").asLong();
      case "score" -> summary.path("scored").asLong();
      default -> 0;
    };
  }

  static void delete(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
