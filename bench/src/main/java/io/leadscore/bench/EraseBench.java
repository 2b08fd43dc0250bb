package io.leadscore.bench;

import static io.leadscore.core.Columns.LEAD_ID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.core.config.CoreSettings;
import io.leadscore.cli.Main;
import io.leadscore.ingest.generate.ExportGenerator;
import io.leadscore.ingest.generate.GeneratorSpec;
import io.leadscore.core.spark.Sparks;
import io.leadscore.core.config.LeadscoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import picocli.CommandLine;

/**
 * The right to erasure at scale: {@code leadscore erase} of a batch of leads (1,000 by default) on a
 * lakehouse of N leads, timed as the command runs it (rewrite of every table holding the leads, the CRM
 * clears, the outbox scrub and the VACUUM that removes the old files).
 *
 * <p>Either reuses a lakehouse a kept {@code NightlyBench --keep} run left ({@code --from DIR}: its
 * bronze, silver and gold tables, so every table the erasure touches is full size), or generates the
 * exports (not timed) and ingests them (timed and printed, but not part of the erase figure).
 *
 * <pre>bench/run EraseBench --leads 1000000 [--erase 1000] [--from bench/target/nightly-bench]
 *     [--dir bench/target/erase-bench]</pre>
 *
 * Its last line is {@code ERASE leads=N erased=K seconds=S rows=R}.
 */
public final class EraseBench {
  static final LocalDate DATE = LocalDate.parse("2026-11-24");

  public static void main(String[] args) throws IOException {
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("usage: EraseBench --leads N [--erase K] [--from DIR] [--dir DIR]");
      }
      a.put(args[i].substring(2), args[i + 1]);
    }
    int leads = Integer.parseInt(a.getOrDefault("leads", "100000"));
    int erase = Integer.parseInt(a.getOrDefault("erase", "1000"));
    Path dir = Path.of(a.getOrDefault("from", a.getOrDefault("dir", "bench/target/erase-bench"))).toAbsolutePath();
    List<String> base = List.of(
        "--set", "leadscore.storage.root=" + dir.resolve("lakehouse"),
        "--set", "leadscore.landing.dir=" + dir.resolve("landing"),
        "--set", "leadscore.landing.generate_if_empty=false",
        "--set", "leadscore.writeback.outbox_dir=" + dir.resolve("outbox"));
    if (!a.containsKey("from")) {
      NightlyBench.delete(dir);
      ExportGenerator.Result gen = new ExportGenerator(new GeneratorSpec(dir.resolve("landing"), DATE, leads, 365, 42))
          .generate();
      System.out.printf("generated (not timed): %,d leads, %,d events%n", gen.leads(), gen.events());
      long t = System.nanoTime();
      int code = run(cmd("ingest", base));
      System.out.printf("ingest exit %d in %.1f s (not part of the erase figure)%n", code, (System.nanoTime() - t) / 1e9);
      if (code != 0) {
        System.exit(code);
      }
    }

    // the leads to erase: an even spread over the silver table, as requests arrive in practice
    var spark = Sparks.session(CoreSettings.from(LeadscoreConfig.defaults(Map.of())));
    var silver = spark.read().format("delta").load(dir.resolve("lakehouse/silver/leads").toString());
    long total = silver.count();
    double fraction = Math.min(1.0, erase * 1.5 / Math.max(1, total));
    List<String> ids = new ArrayList<>();
    for (Row r : silver.select(LEAD_ID).sample(false, fraction, 7).limit(erase).collectAsList()) {
      ids.add(r.getString(0));
    }
    Path idsFile = Files.write(dir.resolve("erase_ids.txt"), ids);
    Path summaryFile = dir.resolve("erase.json");
    List<String> cli = cmd("erase", base);
    cli.addAll(List.of("--ids-file", idsFile.toString(), "--reason", "bench", "--summary-json", summaryFile.toString()));
    long t0 = System.nanoTime();
    int code = run(cli);
    double seconds = (System.nanoTime() - t0) / 1e9;
    JsonNode s = new ObjectMapper().readTree(summaryFile.toFile());
    System.out.printf("%nerase exit %d, status %s, %s%n", code, s.path("status").asText(), BenchSupport.machine());
    System.out.printf("lakehouse: %,d leads; erased %d leads, %,d rows in %d tables%n", total,
        s.path("erased_leads").asLong(), s.path("erased_rows").asLong(), s.path("erased_rows_by_table").size());
    for (var it = s.path("erased_rows_by_table").fields(); it.hasNext(); ) {
      var e = it.next();
      System.out.printf("  %-22s %,10d rows%n", e.getKey(), e.getValue().asLong());
    }
    System.out.printf("ERASE leads=%d erased=%d seconds=%.1f rows=%d%n", total, s.path("erased_leads").asLong(),
        seconds, s.path("erased_rows").asLong());
    System.exit(code);
  }

  private static List<String> cmd(String name, List<String> base) {
    List<String> c = new ArrayList<>(List.of(name, "--date", DATE.toString()));
    c.addAll(base);
    return c;
  }

  private static int run(List<String> args) {
    return new CommandLine(new Main()).execute(args.toArray(new String[0]));
  }
}
