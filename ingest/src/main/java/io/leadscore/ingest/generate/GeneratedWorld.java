package io.leadscore.ingest.generate;

import io.leadscore.ingest.IngestErrors;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The world a landing folder's generated exports are windows on, recorded beside them in
 * {@code <landing>/_generator/world.properties} (a folder no source reads): its anchor (the first delivery's date)
 * and what fixes it (leads, history days, seed, event scale). {@link #plan} decides what {@code generate --date D}
 * writes: the first delivery (a full export at D, anchored there) into a folder without deliveries; a daily export
 * of what happened since the latest earlier delivery otherwise (one day when nights are consecutive); a full export
 * of the same world with {@code --full}.
 */
public final class GeneratedWorld {
  static final String FILE = "_generator/world.properties";
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final String[] GROUPS = {"crm", "analytics", "consent"};

  private GeneratedWorld() {}

  /** The window {@code generate} writes for {@code spec} (recording the world on a first delivery). */
  public static Delivery plan(GeneratorSpec spec, boolean full) {
    Path landing = spec.landingDir();
    LocalDate date = spec.batchDate();
    Optional<LocalDate> anchor = recorded(spec);
    TreeSet<LocalDate> dates = deliveries(landing);
    if (anchor.isEmpty()) {
      // a folder of older deliveries without a record: their first one was the anchor (the original generator's)
      LocalDate a = dates.isEmpty() || !dates.first().isBefore(date) ? date : dates.first();
      record(spec, a);
      anchor = Optional.of(a);
    }
    LocalDate previous = dates.lower(date);
    if (full || previous == null) {
      return new Delivery(anchor.get(), null, date);
    }
    return new Delivery(anchor.get(), previous, date);
  }

  /** Fails (before anything is written) when the landing folder's recorded world is not the configured one. */
  public static void check(GeneratorSpec spec) {
    recorded(spec);
  }

  /** The recorded anchor; fails when the recorded world is not the one the configuration asks for. */
  static Optional<LocalDate> recorded(GeneratorSpec spec) {
    Path f = spec.landingDir().resolve(FILE);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(f)) {
      p.load(r);
    } catch (IOException e) {
      throw IngestErrors.wrap("Cannot read " + f + ": " + e.getMessage(), e);
    }
    Properties want = describe(spec, LocalDate.parse(p.getProperty("anchor")));
    for (String k : want.stringPropertyNames()) {
      if (!want.getProperty(k).equals(p.getProperty(k))) {
        throw IngestErrors.of("the landing folder %s holds exports of a generated world with %s = %s, but the "
            + "configuration asks for %s: a world is fixed by these values. Set leadscore.generator to the "
            + "recorded values, or generate into an empty landing folder", spec.landingDir(), k, p.getProperty(k),
            want.getProperty(k));
      }
    }
    return Optional.of(LocalDate.parse(p.getProperty("anchor")));
  }

  private static void record(GeneratorSpec spec, LocalDate anchor) {
    Path f = spec.landingDir().resolve(FILE);
    try {
      Files.createDirectories(f.getParent());
      try (Writer w = Files.newBufferedWriter(f)) {
        describe(spec, anchor).store(w, "the generated world these exports are windows on");
      }
    } catch (IOException e) {
      throw IngestErrors.wrap("Cannot write " + f + ": " + e.getMessage(), e);
    }
  }

  private static Properties describe(GeneratorSpec spec, LocalDate anchor) {
    Properties p = new Properties();
    p.setProperty("anchor", anchor.toString());
    p.setProperty("leads", Integer.toString(spec.leads()));
    p.setProperty("history_days", Integer.toString(spec.historyDays()));
    p.setProperty("seed", Long.toString(spec.seed()));
    p.setProperty("event_scale", Double.toString(spec.eventScale()));
    return p;
  }

  /** The dates of the deliveries already in the landing folder (any group's date folder). */
  static TreeSet<LocalDate> deliveries(Path landing) {
    TreeSet<LocalDate> out = new TreeSet<>();
    for (String g : GROUPS) {
      Path dir = landing.resolve(g);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (var s = Files.list(dir)) {
        s.map(p -> p.getFileName().toString()).filter(n -> DATE.matcher(n).matches())
            .forEach(n -> out.add(LocalDate.parse(n)));
      } catch (IOException e) {
        throw IngestErrors.wrap("Cannot list " + dir + ": " + e.getMessage(), e);
      }
    }
    return out;
  }
}
