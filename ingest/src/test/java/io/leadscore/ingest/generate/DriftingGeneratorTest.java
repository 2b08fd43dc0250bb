package io.leadscore.ingest.generate;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.LeadscoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate --drift-from D --drift KIND}: leads created from D on follow the drift, older ones do not. */
class DriftingGeneratorTest {
  static final LocalDate BATCH = LocalDate.of(2026, 11, 24);
  static final LocalDate FROM = BATCH.minusDays(120);

  @TempDir
  Path dir;

  record Lead(String source, String seniority, boolean after) {}

  static List<String> lines(Path landing, String file) throws Exception {
    return Files.readAllLines(landing.resolve("crm").resolve(BATCH.toString()).resolve(file));
  }

  /** lead id -> (source, seniority, created on or after FROM), from leads.csv. */
  static Map<String, Lead> leads(Path landing) throws Exception {
    Map<String, Lead> out = new HashMap<>();
    Instant from = FROM.atStartOfDay(ZoneOffset.UTC).toInstant();
    List<String> lines = lines(landing, "leads.csv");
    for (String line : lines.subList(1, lines.size())) {
      // split on commas outside quotes
      String[] f = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
      try {
        out.put(f[0], new Lead(f[9], f[7], !Instant.parse(f[11]).isBefore(from)));
      } catch (java.time.format.DateTimeParseException malformed) {
        // the generator's deliberately malformed rows
      }
    }
    return out;
  }

  @Test
  void trafficMixShiftsOnlyLeadsCreatedAfterTheDriftDate() throws Exception {
    GeneratorSpec base = new GeneratorSpec(dir.resolve("plain"), BATCH, 3000, 365, 42);
    new ExportGenerator(base).generate();
    new ExportGenerator(base.withLanding(dir.resolve("drift")).withDrift(FROM, GeneratorSpec.Drift.TRAFFIC_MIX))
        .generate();
    Map<String, Lead> plain = leads(dir.resolve("plain"));
    Map<String, Lead> shifted = leads(dir.resolve("drift"));
    double before = share(plain);
    double after = share(shifted);
    assertTrue(before < 0.25, "cold outbound among new leads without drift: " + before);
    assertTrue(after > 0.6, "cold outbound among new leads with drift: " + after);
    // leads created before the drift date are the same
    int older = 0;
    for (Map.Entry<String, Lead> e : plain.entrySet()) {
      if (!e.getValue().after()) {
        older++;
        assertEquals(e.getValue(), shifted.get(e.getKey()), e.getKey());
      }
    }
    assertTrue(older > 1000, "older leads " + older);
  }

  @Test
  void conversionDriftDecouplesOutcomesFromIntent() throws Exception {
    GeneratorSpec plain = new GeneratorSpec(dir.resolve("plain"), BATCH, 4000, 365, 7);
    new ExportGenerator(plain).generate();
    new ExportGenerator(plain.withLanding(dir.resolve("drift"))
        .withDrift(BATCH.minusDays(365), GeneratorSpec.Drift.CONVERSION)).generate();
    // referrals (high intent) convert far more than cold outbound leads (low intent) without drift; after the
    // change both convert alike
    double[] base = wonRate(dir.resolve("plain"));
    double[] changed = wonRate(dir.resolve("drift"));
    assertTrue(base[0] > 2 * base[1], "referral vs cold outbound won rate without drift: " + base[0] + " " + base[1]);
    assertTrue(Math.abs(changed[0] - changed[1]) < 0.06, "after the change: " + changed[0] + " " + changed[1]);
  }

  @Test
  void driftKindAndDateGoTogether() {
    LeadscoreException e = assertThrows(LeadscoreException.class, () -> GeneratorSpec.Drift.parse("weather"));
    assertEquals("--drift is 'weather' but must be traffic_mix or conversion", e.getMessage());
    e = assertThrows(LeadscoreException.class, () -> new GeneratorSpec(dir, BATCH, 10, 365, 1)
        .withDrift(null, GeneratorSpec.Drift.CONVERSION));
    assertEquals("--drift-from and --drift go together (got --drift-from null, --drift conversion)", e.getMessage());
  }

  private static double share(Map<String, Lead> leads) {
    long all = leads.values().stream().filter(Lead::after).count();
    long cold = leads.values().stream().filter(l -> l.after() && l.source().equals("Cold Outbound")).count();
    return cold / (double) all;
  }

  /** Share of leads with a won opportunity: {referral, cold outbound}. */
  private static double[] wonRate(Path landing) throws Exception {
    Map<String, Lead> leads = leads(landing);
    Set<String> won = new HashSet<>();
    for (String line : lines(landing, "opportunities.csv")) {
      String[] f = line.split(",");
      if (f.length > 2 && f[2].equals("won")) {
        won.add(f[1]);
      }
    }
    double[] out = new double[2];
    String[] sources = {"Referral", "Cold Outbound"};
    for (int k = 0; k < 2; k++) {
      String s = sources[k];
      long n = leads.values().stream().filter(l -> l.source().equals(s)).count();
      long w = leads.entrySet().stream().filter(e -> e.getValue().source().equals(s) && won.contains(e.getKey()))
          .count();
      out[k] = w / (double) n;
    }
    return out;
  }
}
