package io.leadscore.features.generate;

import io.leadscore.features.LeadscoreException;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * What to generate: how many leads, the batch date the exports are "dropped" on, how far back their
 * history goes, and the seed (same spec, same bytes).
 */
public record GeneratorSpec(Path landingDir, LocalDate batchDate, int leads, int historyDays, long seed) {
  public GeneratorSpec {
    if (leads <= 0) {
      throw LeadscoreException.of("generator leads is %d but must be > 0", leads);
    }
    if (historyDays < 30) {
      throw LeadscoreException.of("generator history_days is %d but must be >= 30", historyDays);
    }
  }
}
