package io.leadscore.ingest.generate;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

/**
 * The generator's randomness and calendar. Every value comes from a stream seeded by (spec seed, stream,
 * index), so the same spec writes the same files, and a new kind of value drawn from a stream of its own
 * leaves every other value unchanged.
 */
final class GeneratorDraws {
  private static final DateTimeFormatter TS = DateTimeFormatter.ISO_INSTANT;
  private final GeneratorSpec spec;
  private final java.time.LocalDate anchor;

  /** @param anchor the world's first delivery date: its history starts {@code history_days} before it */
  GeneratorDraws(GeneratorSpec spec, java.time.LocalDate anchor) {
    this.spec = spec;
    this.anchor = anchor;
  }

  SplittableRandom rng(int stream, long index) {
    return new SplittableRandom(spec.seed() * 1_000_003L + stream * 7_919L + index * 104_729L);
  }

  int industryOf(int account) {
    return rng(3, account).nextInt(Mechanism.INDUSTRIES.size());
  }

  /** The first day of the generated history (the anchor's history_days before it), whatever the export's date. */
  Instant start() {
    return anchor.minusDays(spec.historyDays()).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  java.time.LocalDate anchor() {
    return anchor;
  }

  static String leadId(int i) {
    return String.format("L%07d", i);
  }

  static String accountId(int a) {
    return String.format("A%06d", a);
  }

  static String ts(Instant t) {
    return TS.format(t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  static Writer csv(Path file, String header) throws IOException {
    Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    w.write(header);
    w.write('\n');
    return w;
  }

  static double gaussian(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  static double exponential(SplittableRandom r, double mean) {
    return -mean * Math.log(1 - r.nextDouble());
  }

  static int poisson(SplittableRandom r, double lambda) {
    double l = Math.exp(-lambda);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= r.nextDouble();
    } while (p > l);
    return k - 1;
  }
}
