package io.leadscore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.cli.Main;
import io.leadscore.ingest.generate.Delivery;
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
 * Consecutive nightlies at a chosen scale: night 1 is a first load ({@code --history-days} of history), nights
 * 2..K are daily deliveries (what happened the day before). Each night's exports are generated first (not timed),
 * then {@code leadscore nightly} runs in this JVM (ingest, purge, features, train with CV, score with reasons, CSV
 * writeback, monitor) exactly as the command line does. Per night it prints each stage's seconds and rows/s from
 * the run's own summary, and a line in a fixed form for scripts:
 *
 * <pre>NIGHTLY kind=first|daily leads=N night=i seconds=S peak_heap_mib=H live_heap_mib=L cv_auc=X ingest=S ...</pre>
 *
 * <p>{@code peak_heap_mib} is the heap's occupancy at its fullest, {@code live_heap_mib} the most it held right after
 * a collection ({@link HeapPeaks}).
 *
 * <pre>bench/run NightlyBench --leads 1000000 [--nights K] [--history-days H] [--events-per-lead 30]
 *     [--dir bench/target/nightly] [--set key=value ...] [--night-set N:key=value ...] [--keep] [--from-night F]</pre>
 *
 * <p>{@code --from-night F} continues a kept run: the dir holds the lakehouse and landing of nights 1..F-1 (same
 * {@code --leads} and history), and nights F..K run on it. A 1M-lead daily night is then measured without its
 * half-hour first load being run again.
 */
public final class NightlyBench {
  static final LocalDate DATE = LocalDate.parse("2026-11-24");

  public static void main(String[] args) throws IOException {
    Map<String, String> a = new HashMap<>();
    List<String> sets = new ArrayList<>();
    Map<Integer, List<String>> nightSets = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--keep")) {
        a.put("keep", "true");
      } else if (args[i].equals("--set") && i + 1 < args.length) {
        sets.add(args[++i]);
      } else if (args[i].equals("--night-set") && i + 1 < args.length) {
        // N:key=value, for night N only (e.g. a schedule that skips training on a later night)
        String[] v = args[++i].split(":", 2);
        nightSets.computeIfAbsent(Integer.parseInt(v[0]), k -> new ArrayList<>()).add(v[1]);
      } else if (args[i].startsWith("--") && i + 1 < args.length) {
        a.put(args[i].substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException("usage: NightlyBench --leads N [--nights K] [--history-days H] "
            + "[--events-per-lead M] [--dir D] [--set key=value ...] [--night-set N:key=value ...] [--keep] [--from-night F]");
      }
    }
    int leads = Integer.parseInt(a.getOrDefault("leads", "100000"));
    int nights = Integer.parseInt(a.getOrDefault("nights", "1"));
    int history = Integer.parseInt(a.getOrDefault("history-days", "365"));
    double perLead = Double.parseDouble(a.getOrDefault("events-per-lead", "30"));
    Path dir = Path.of(a.getOrDefault("dir", "bench/target/nightly-bench")).toAbsolutePath();
    int from = Integer.parseInt(a.getOrDefault("from-night", "1"));
    if (from < 1 || from > nights) {
      throw new IllegalArgumentException("--from-night is " + from + " but must be between 1 and --nights (" + nights
          + "): night F runs on nights 1..F-1 of a kept run, up to night K");
    }
    if (from == 1) {
      delete(dir);
    } else if (!Files.isDirectory(dir.resolve("lakehouse")) || !Files.isDirectory(dir.resolve("landing"))) {
      throw new IllegalArgumentException("--from-night " + from + " needs " + dir + " to hold the lakehouse and "
          + "landing of nights 1.." + (from - 1) + " (a run kept with --keep)");
    }

    // the generator's own rate gives a few events per lead: measure it on a sample, then scale it
    ExportGenerator.Result sample = new ExportGenerator(new GeneratorSpec(dir.resolve("sample"), DATE, 2000, history,
        42)).generate();
    double scale = perLead / ((double) sample.events() / sample.leads());
    delete(dir.resolve("sample"));
    int code = 0;
    for (int night = from; night <= nights && code == 0; night++) {
      LocalDate date = DATE.plusDays(night - 1);
      Delivery window = night == 1 ? Delivery.first(date) : new Delivery(DATE, date.minusDays(1), date);
      long g0 = System.nanoTime();
      ExportGenerator.Result gen = new ExportGenerator(new GeneratorSpec(dir.resolve("landing"), date, leads, history,
          42, scale), window).generate();
      System.out.printf("night %d (%s) generated (not timed): %,d leads, %,d events, %,d activities, %,d "
          + "opportunities in %.1f s%n", night, window.full() ? "first load" : "daily", gen.leads(), gen.events(),
          gen.activities(), gen.opportunities(), (System.nanoTime() - g0) / 1e9);
      List<String> tonight = new ArrayList<>(sets);
      tonight.addAll(nightSets.getOrDefault(night, List.of()));
      code = night(dir, date, tonight, leads, night, window.full() ? "first" : "daily");
    }
    if (!a.containsKey("keep")) {
      delete(dir);
    }
    System.exit(code);
  }

  /** Runs one nightly and prints its figures; returns its exit code. */
  static int night(Path dir, LocalDate date, List<String> sets, int leads, int night, String kind) throws IOException {
    Path summaryFile = dir.resolve("summary-" + night + ".json");
    List<String> cli = new ArrayList<>(List.of("nightly", "--date", date.toString(),
        "--set", "leadscore.storage.root=" + dir.resolve("lakehouse"),
        "--set", "leadscore.landing.dir=" + dir.resolve("landing"),
        "--set", "leadscore.landing.generate_if_empty=false",
        "--set", "leadscore.writeback.outbox_dir=" + dir.resolve("outbox"),
        "--summary-json", summaryFile.toString()));
    for (String s : sets) {
      cli.add("--set");
      cli.add(s);
    }
    HeapPeaks.reset();
    long t0 = System.nanoTime();
    int code = new CommandLine(new Main()).execute(cli.toArray(new String[0]));
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (!Files.exists(summaryFile)) {
      throw new IllegalStateException("the nightly wrote no summary (exit " + code + ")");
    }
    JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
    long peak = HeapPeaks.peakMiB();
    long live = HeapPeaks.liveMiB();

    System.out.println();
    System.out.printf("night %d: nightly exit %d, status %s, %s%n", night, code, summary.path("status").asText(),
        BenchSupport.machine());
    System.out.printf("%-10s %10s %14s %12s%n", "stage", "seconds", "rows", "rows/s");
    StringBuilder perStage = new StringBuilder();
    JsonNode stages = summary.path("stages");
    for (var it = stages.fields(); it.hasNext(); ) {
      var stage = it.next();
      if (stage.getKey().equals("generate")) {
        continue; // the exports were generated above, outside the timed run
      }
      long rows = rows(stage.getKey(), summary);
      double s = stage.getValue().asDouble();
      System.out.printf("%-10s %10.1f %,14d %,12.0f%n", stage.getKey(), s, rows, s > 0 ? rows / s : 0);
      perStage.append(String.format(" %s=%.1f", stage.getKey(), s));
    }
    System.out.printf("NIGHTLY kind=%s leads=%d night=%d seconds=%.1f peak_heap_mib=%d live_heap_mib=%d cv_auc=%s%s%n",
        kind, leads, night, seconds, peak, live, summary.path("cv_auc").asText("nan"), perStage);
    return code;
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
