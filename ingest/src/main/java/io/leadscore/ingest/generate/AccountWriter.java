package io.leadscore.ingest.generate;

import static io.leadscore.ingest.generate.GeneratorDraws.accountId;
import static io.leadscore.ingest.generate.GeneratorDraws.ts;
import static io.leadscore.ingest.generate.Mechanism.COUNTRIES;
import static io.leadscore.ingest.generate.Mechanism.INDUSTRIES;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** {@code accounts.csv}: one row per account; a company name holds a quoted comma, as real exports do. */
final class AccountWriter {
  private final GeneratorSpec spec;
  private final GeneratorDraws draws;

  AccountWriter(GeneratorSpec spec, GeneratorDraws draws) {
    this.spec = spec;
    this.draws = draws;
  }

  void write(Path file, int accounts) throws IOException {
    try (Writer w = GeneratorDraws.csv(file,
        "account_id,company_name,industry,employees,founded_year,funding_rounds,country,updated_at")) {
      for (int a = 0; a < accounts; a++) {
        SplittableRandom r = draws.rng(1, a);
        int industry = draws.industryOf(a);
        long employees = Math.max(1, Math.round(Math.exp(3 + 2 * r.nextDouble() * 2)));
        int founded = spec.batchDate().getYear() - 1 - r.nextInt(40);
        w.write(String.join(",", accountId(a), "\"Company " + a + ", Inc.\"", INDUSTRIES.get(industry),
            Long.toString(employees), Integer.toString(founded), Integer.toString(r.nextInt(6)),
            COUNTRIES.get(r.nextInt(COUNTRIES.size())), ts(draws.start().minusSeconds(86400L * r.nextInt(400)))));
        w.write('\n');
      }
    }
  }
}
