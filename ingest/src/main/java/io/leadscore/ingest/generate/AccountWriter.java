package io.leadscore.ingest.generate;

import static io.leadscore.ingest.generate.GeneratorDraws.accountId;
import static io.leadscore.ingest.generate.GeneratorDraws.exponential;
import static io.leadscore.ingest.generate.GeneratorDraws.ts;
import static io.leadscore.ingest.generate.Mechanism.COUNTRIES;
import static io.leadscore.ingest.generate.Mechanism.INDUSTRIES;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * {@code accounts.csv}: one row per account (its state as of the export's date); a company name holds a quoted
 * comma, as real exports do. From the world's anchor on, accounts are edited now and then (head count grows, a
 * funding round): a daily export holds the accounts edited in its window, latest state.
 */
final class AccountWriter {
  /** Mean days between two edits of an account after the anchor. */
  static final double EDIT_EVERY_DAYS = 120;
  private final GeneratorSpec spec;
  private final GeneratorDraws draws;

  AccountWriter(GeneratorSpec spec, GeneratorDraws draws) {
    this.spec = spec;
    this.draws = draws;
  }

  /** Returns the number of rows written. */
  int write(Path file, int accounts, Delivery window) throws IOException {
    int written = 0;
    try (Writer w = GeneratorDraws.csv(file,
        "account_id,company_name,industry,employees,founded_year,funding_rounds,country,updated_at")) {
      for (int a = 0; a < accounts; a++) {
        SplittableRandom r = draws.rng(1, a);
        int industry = draws.industryOf(a);
        long employees = Math.max(1, Math.round(Math.exp(3 + 2 * r.nextDouble() * 2)));
        int founded = draws.anchor().getYear() - 1 - r.nextInt(40);
        int funding = r.nextInt(6);
        String country = COUNTRIES.get(r.nextInt(COUNTRIES.size()));
        Instant updated = draws.start().minusSeconds(86400L * r.nextInt(400));
        boolean edited = false;
        // edits from a stream of their own: the first delivery's rows stay what they always were
        SplittableRandom e = draws.rng(8, a);
        Instant t = window.anchorInstant().plusSeconds((long) (86400 * exponential(e, EDIT_EVERY_DAYS)));
        while (t.isBefore(window.toInstant())) {
          employees = Math.max(1, Math.round(employees * (1 + 0.1 * e.nextDouble())));
          funding += e.nextDouble() < 0.2 ? 1 : 0;
          updated = t;
          edited |= window.shows(t);
          t = t.plusSeconds((long) (86400 * exponential(e, EDIT_EVERY_DAYS)));
        }
        if (!window.full() && !edited) {
          continue;
        }
        w.write(String.join(",", accountId(a), "\"Company " + a + ", Inc.\"", INDUSTRIES.get(industry),
            Long.toString(employees), Integer.toString(founded), Integer.toString(funding), country, ts(updated)));
        w.write('\n');
        written++;
      }
    }
    return written;
  }
}
