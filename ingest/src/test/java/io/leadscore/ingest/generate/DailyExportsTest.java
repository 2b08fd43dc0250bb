package io.leadscore.ingest.generate;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.LeadscoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exports are windows on one world: the daily exports after a first delivery add up to a full export. */
class DailyExportsTest {
  static final LocalDate FIRST = LocalDate.of(2026, 11, 21);
  static final LocalDate D = FIRST.plusDays(3);

  @TempDir
  Path dir;

  static List<String> rows(Path landing, String group, LocalDate date, String file) throws Exception {
    Path p = landing.resolve(group).resolve(date.toString()).resolve(file);
    if (!Files.exists(p)) {
      return List.of();
    }
    if (file.endsWith(".gz")) {
      try (var in = new GZIPInputStream(Files.newInputStream(p))) {
        return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
      }
    }
    List<String> l = Files.readAllLines(p);
    return l.subList(1, l.size());
  }

  /** Latest row per key (the first field), by the last field (updated_at): what silver keeps. */
  static Map<String, String> latest(List<String> rows) {
    Map<String, String> out = new TreeMap<>();
    for (String r : rows) {
      String key = r.substring(0, r.indexOf(','));
      String old = out.get(key);
      if (old == null || old.substring(old.lastIndexOf(',') + 1).compareTo(r.substring(r.lastIndexOf(',') + 1)) <= 0) {
        out.put(key, r);
      }
    }
    return out;
  }

  @Test
  void threeDailyExportsAddUpToAFullExportOfTheSameWorld() throws Exception {
    Path inc = dir.resolve("incremental");
    Path full = dir.resolve("full");
    for (LocalDate d = FIRST; !d.isAfter(D); d = d.plusDays(1)) {
      GeneratorSpec spec = new GeneratorSpec(inc, d, 2000, 365, 42);
      Delivery w = GeneratedWorld.plan(spec, false);
      assertEquals(d.equals(FIRST) ? null : d.minusDays(1), w.since(), "first delivery full, then daily: " + d);
      new ExportGenerator(spec, w).generate();
    }
    new ExportGenerator(new GeneratorSpec(full, D, 2000, 365, 42), new Delivery(FIRST, null, D)).generate();
    String[][] facts = {{"crm", "activities.csv"}, {"crm", "opportunities.csv"}, {"consent", "consent.csv"},
        {"analytics", "events.jsonl.gz"}};
    for (String[] f : facts) {
      List<String> union = new ArrayList<>();
      for (LocalDate d = FIRST; !d.isAfter(D); d = d.plusDays(1)) {
        List<String> day = rows(inc, f[0], d, f[1]);
        if (d.isAfter(FIRST) && !f[1].startsWith("consent")) {
          assertFalse(day.isEmpty(), f[1] + " on " + d);
        }
        union.addAll(day);
      }
      List<String> all = rows(full, f[0], D, f[1]);
      assertEquals(all.size(), union.size(), f[1]);
      assertEquals(new TreeSet<>(all), new TreeSet<>(union), f[1]);
    }
    for (String f : List.of("leads.csv", "accounts.csv")) {
      List<String> union = new ArrayList<>();
      for (LocalDate d = FIRST; !d.isAfter(D); d = d.plusDays(1)) {
        union.addAll(rows(inc, "crm", d, f));
      }
      assertEquals(latest(rows(full, "crm", D, f)), latest(union), f);
    }
    // a daily export is the day's change, not the history
    assertTrue(rows(inc, "crm", D, "leads.csv").size() < 200, "leads in a daily export");
    assertTrue(rows(inc, "crm", D, "leads.csv").stream().anyMatch(r -> !r.split(",")[12].equals(r.split(",")[13])),
        "a lead edited that day (modified since) is in the daily export");
  }

  @Test
  void theWorldIsRecordedAndAnotherOneRefused() {
    Path landing = dir.resolve("landing");
    Delivery first = GeneratedWorld.plan(new GeneratorSpec(landing, FIRST, 300, 365, 42), false);
    assertTrue(first.full());
    new ExportGenerator(new GeneratorSpec(landing, FIRST, 300, 365, 42), first).generate();
    Delivery full = GeneratedWorld.plan(new GeneratorSpec(landing, D, 300, 365, 42), true);
    assertTrue(full.full(), "--full");
    assertEquals(FIRST, full.anchor(), "the same world");
    Delivery later = GeneratedWorld.plan(new GeneratorSpec(landing, D, 300, 365, 42), false);
    assertEquals(FIRST, later.since(), "since the latest earlier delivery");
    LeadscoreException e = assertThrows(LeadscoreException.class,
        () -> GeneratedWorld.check(new GeneratorSpec(landing, D, 500, 365, 42)));
    assertTrue(e.getMessage().contains("leads = 300") && e.getMessage().contains("500"), e.getMessage());
  }
}
