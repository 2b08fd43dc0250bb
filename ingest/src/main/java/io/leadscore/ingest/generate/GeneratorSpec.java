package io.leadscore.ingest.generate;

import io.leadscore.ingest.IngestErrors;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;

/**
 * What to generate: how many leads, the batch date the exports are "dropped" on, how far back their
 * history goes, the seed (same spec, same bytes), a multiplier of the web-event rate (1 = the
 * mechanism's own rate; benchmarks raise it to reach a number of events per lead), and an optional drift:
 * leads created on or after {@code driftFrom} follow {@code drift} (known truth for the monitor's tests).
 */
public record GeneratorSpec(Path landingDir, LocalDate batchDate, int leads, int historyDays, long seed,
                            double eventScale, LocalDate driftFrom, Drift drift) {
  /** A change of the world from a date on. */
  public enum Drift {
    NONE,
    /** the traffic mix shifts: most new leads come from cold outbound, and juniors outnumber seniors */
    TRAFFIC_MIX,
    /** the conversion mechanism changes: new leads convert regardless of their intent (engagement stays as is) */
    CONVERSION;

    public static Drift parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw IngestErrors.of("--drift is '%s' but must be traffic_mix or conversion", s);
      }
    }
  }

  public GeneratorSpec(Path landingDir, LocalDate batchDate, int leads, int historyDays, long seed) {
    this(landingDir, batchDate, leads, historyDays, seed, 1.0);
  }

  public GeneratorSpec(Path landingDir, LocalDate batchDate, int leads, int historyDays, long seed,
                       double eventScale) {
    this(landingDir, batchDate, leads, historyDays, seed, eventScale, null, Drift.NONE);
  }

  public GeneratorSpec {
    if (!(eventScale > 0) || eventScale > 1000) {
      throw IngestErrors.mustBe("generator event scale", eventScale, "in (0, 1000]");
    }
    if (leads <= 0) {
      throw IngestErrors.mustBe("generator leads", leads, "> 0");
    }
    if (historyDays < 30) {
      throw IngestErrors.mustBe("generator history_days", historyDays, ">= 30");
    }
    drift = drift == null ? Drift.NONE : drift;
    if ((drift == Drift.NONE) != (driftFrom == null)) {
      throw IngestErrors.of("--drift-from and --drift go together (got --drift-from %s, --drift %s)",
          driftFrom, drift.name().toLowerCase(Locale.ROOT));
    }
  }

  /** The same spec writing into another landing folder. */
  public GeneratorSpec withLanding(Path dir) {
    return new GeneratorSpec(dir, batchDate, leads, historyDays, seed, eventScale, driftFrom, drift);
  }

  /** The same spec with leads created on or after {@code from} drifted by {@code kind}. */
  public GeneratorSpec withDrift(LocalDate from, Drift kind) {
    return new GeneratorSpec(landingDir, batchDate, leads, historyDays, seed, eventScale, from, kind);
  }
}
