package io.leadscore.features.generate;

import io.leadscore.features.LeadscoreException;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * What to generate: how many leads, the batch date the exports are "dropped" on, how far back their
 * history goes, the seed (same spec, same bytes), and a multiplier of the web-event rate (1 = the
 * mechanism's own rate; benchmarks raise it to reach a number of events per lead).
 */
public record GeneratorSpec(Path landingDir, LocalDate batchDate, int leads, int historyDays, long seed,
                            double eventScale) {
  public GeneratorSpec(Path landingDir, LocalDate batchDate, int leads, int historyDays, long seed) {
    this(landingDir, batchDate, leads, historyDays, seed, 1.0);
  }

  public GeneratorSpec {
    if (!(eventScale > 0) || eventScale > 1000) {
      throw LeadscoreException.of("generator event scale is %s but must be in (0, 1000]", eventScale);
    }
    if (leads <= 0) {
      throw LeadscoreException.of("generator leads is %d but must be > 0", leads);
    }
    if (historyDays < 30) {
      throw LeadscoreException.of("generator history_days is %d but must be >= 30", historyDays);
    }
  }
}
