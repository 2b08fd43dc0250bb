package io.leadscore.bench;

import io.leadscore.core.config.CoreSettings;
import io.leadscore.core.Tables;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.ingest.generate.ExportGenerator;
import io.leadscore.ingest.generate.GeneratorSpec;
import io.leadscore.ingest.IngestSpec;
import io.leadscore.ingest.Reconciliation;
import io.leadscore.ingest.SourceMapping;
import io.leadscore.ingest.spark.IngestJob;
import io.leadscore.core.spark.Sparks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Generates exports of N leads with about M web events per lead, ingests them (landing -> bronze ->
 * silver + quarantine) and prints rows/s and peak heap; then ingests again (must be a no-op).
 *
 * <pre>bench/run IngestBench --leads 1000000 --events-per-lead 30 [--dir bench/target/ingest] [--keep]</pre>
 */
public final class IngestBench {
  static final LocalDate DATE = LocalDate.parse("2026-11-24");

  public static void main(String[] args) throws IOException {
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--keep")) {
        a.put("keep", "true");
      } else if (args[i].startsWith("--") && i + 1 < args.length) {
        a.put(args[i].substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException("usage: IngestBench --leads N --events-per-lead M [--dir D] [--keep]");
      }
    }
    int leads = Integer.parseInt(a.getOrDefault("leads", "100000"));
    double perLead = Double.parseDouble(a.getOrDefault("events-per-lead", "30"));
    Path dir = Path.of(a.getOrDefault("dir", "bench/target/ingest-bench"));
    delete(dir);

    // the generator's own rate gives a few events per lead: measure it on a sample, then scale it
    ExportGenerator.Result sample = new ExportGenerator(new GeneratorSpec(dir.resolve("sample"), DATE, 2000, 365, 42))
        .generate();
    double scale = perLead / ((double) sample.events() / sample.leads());
    delete(dir.resolve("sample"));

    long t0 = System.nanoTime();
    ExportGenerator.Result gen = new ExportGenerator(new GeneratorSpec(dir.resolve("landing"), DATE, leads, 365, 42,
        scale)).generate();
    double genSeconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf("generated: %,d leads, %,d events (%.1f per lead), %,d activities, %,d opportunities, "
            + "%,d consent rows in %.1f s (event scale %.2f)%n", gen.leads(), gen.events(),
        (double) gen.events() / gen.leads(), gen.activities(), gen.opportunities(), gen.consent(), genSeconds, scale);

    var config = LeadscoreConfig.defaults(Map.of("leadscore.spark.master", "local[*]"));
    SparkSession spark = Sparks.session(CoreSettings.from(config));
    Tables tables = Tables.at(dir.resolve("lakehouse").toString());
    IngestSpec spec = new IngestSpec(DATE, dir.resolve("landing"), SourceMapping.all(config), "bench-salt");

    long t1 = System.nanoTime();
    List<Reconciliation> recs = new IngestJob(spark, tables).run(spec);
    double seconds = (System.nanoTime() - t1) / 1e9;
    long rows = recs.stream().mapToLong(Reconciliation::received).sum();
    recs.forEach(r -> System.out.println("  " + r.line()));
    System.out.printf("ingest: %,d rows in %.1f s = %,.0f rows/s; peak heap %,d MiB%n", rows, seconds, rows / seconds,
        BenchSupport.peakHeapMiB());

    long t2 = System.nanoTime();
    List<Reconciliation> again = new IngestJob(spark, tables).run(spec);
    System.out.printf("re-ingest of the same files: %.1f s, all skipped: %s%n", (System.nanoTime() - t2) / 1e9,
        again.stream().allMatch(Reconciliation::skipped));
    System.out.println("machine: " + BenchSupport.machine());
    spark.stop();
    if (!a.containsKey("keep")) {
      delete(dir);
    }
  }

  private static void delete(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
