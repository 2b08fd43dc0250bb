package io.leadscore.ingest.generate;

import static io.leadscore.ingest.generate.GeneratorDraws.accountId;
import static io.leadscore.ingest.generate.GeneratorDraws.exponential;
import static io.leadscore.ingest.generate.GeneratorDraws.gaussian;
import static io.leadscore.ingest.generate.GeneratorDraws.leadId;
import static io.leadscore.ingest.generate.GeneratorDraws.ts;
import static io.leadscore.ingest.generate.Mechanism.*;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * One lead's life: its row in {@code leads.csv} (now and then malformed or exported twice), its opportunity if
 * it was won or lost before the batch date, a consent opt-out for some, then its engagement. Its intent (noise
 * plus industry, seniority and source effects) drives whether it converts and how engaged it is.
 */
final class LeadWriter {
  private final GeneratorSpec spec;
  private final GeneratorDraws draws;
  private final int accounts;
  private final Writer leads;
  private final Writer opps;
  private final Writer consent;
  private final EngagementWriter engagement;

  LeadWriter(GeneratorSpec spec, GeneratorDraws draws, int accounts, Writer leads, Writer opps, Writer consent,
             EngagementWriter engagement) {
    this.spec = spec;
    this.draws = draws;
    this.accounts = accounts;
    this.leads = leads;
    this.opps = opps;
    this.consent = consent;
    this.engagement = engagement;
  }

  void write(int i, ExportGenerator.Counters n) throws IOException {
    SplittableRandom r = draws.rng(2, i);
    int account = r.nextInt(accounts);
    int industry = draws.industryOf(account);
    int seniority = r.nextInt(SENIORITIES.size());
    int source = r.nextInt(SOURCES.size());
    double noise = gaussian(r);
    Instant end = draws.start().plusSeconds(86400L * spec.historyDays());
    Instant created = draws.start().plusSeconds((long) (r.nextDouble() * 86400L * (spec.historyDays() - 1)));
    GeneratorSpec.Drift drift = driftOf(created);
    // drawn from a stream of their own: without drift every generated value stays what it was
    SplittableRandom d = draws.rng(5, i);
    if (drift == GeneratorSpec.Drift.TRAFFIC_MIX) {
      source = d.nextDouble() < 0.7 ? SOURCES.indexOf("Cold Outbound") : source;
      seniority = d.nextDouble() < 0.6 ? d.nextInt(2) : seniority; // Intern or Staff
    }
    double intent = noise + INDUSTRY_EFFECT[industry] + SENIORITY_EFFECT[seniority] + SOURCE_EFFECT[source];

    // outcome: won after an exponential delay, or lost, or still open at the batch date
    boolean converts = drift == GeneratorSpec.Drift.CONVERSION
        ? d.nextDouble() < conversionProbability(0.6) // the same rate for everyone: intent no longer decides
        : r.nextDouble() < conversionProbability(intent);
    if (drift == GeneratorSpec.Drift.CONVERSION) {
      r.nextDouble(); // keep the main stream aligned with the undrifted lead's
    }
    Instant closed = null;
    String stage = null;
    if (converts) {
      closed = created.plusSeconds((long) (86400L * (3 + exponential(r, 35))));
      stage = "won";
    } else if (r.nextDouble() < 0.6) {
      closed = created.plusSeconds((long) (86400L * (10 + exponential(r, 60))));
      stage = "lost";
    }
    if (closed != null && !closed.isBefore(end)) {
      closed = null; // not decided yet at the batch date: the lead is open
      stage = null;
    }
    Instant activeUntil = closed == null ? end : closed;
    Instant rampFrom = converts && closed != null ? closed.minusSeconds(86400L * RAMP_DAYS) : Instant.MAX;

    String lead = leadId(i);
    String createdTs = ts(created);
    String row = String.join(",", lead, accountId(account), "lead" + i + "@company" + account + ".example",
        "+1-555-" + String.format("%07d", i), "First" + i, "\"Last, " + i + "\"",
        "\"" + SENIORITIES.get(seniority) + " of " + DEPARTMENTS.get(r.nextInt(DEPARTMENTS.size())) + "\"",
        SENIORITIES.get(seniority), DEPARTMENTS.get(r.nextInt(DEPARTMENTS.size())), SOURCES.get(source),
        COUNTRIES.get(r.nextInt(COUNTRIES.size())), createdTs, createdTs);
    if (i % 997 == 13) {
      // a malformed export row: an impossible date (must be quarantined, never lost)
      leads.write(row.replace(createdTs + "," + createdTs, "2026-13-45T99:00:00Z," + createdTs));
      n.malformed++;
    } else {
      leads.write(row);
    }
    leads.write('\n');
    if (i % 101 == 7) {
      // exported twice: the later updated_at wins in silver
      String later = ts(created.plusSeconds(3600));
      leads.write(row.substring(0, row.lastIndexOf(',') + 1) + later);
      leads.write('\n');
      n.duplicates++;
    }

    if (stage != null) {
      opps.write(String.join(",", "O" + lead.substring(1), lead, stage,
          ts(closed.minusSeconds(86400L * 7)), ts(closed), Long.toString(1000 + r.nextInt(50000))));
      opps.write('\n');
      n.opportunities++;
    }

    if (i % 20 == 3) {
      // 5% opt out of profiling at some point of their life
      long span = Math.max(1, activeUntil.getEpochSecond() - created.getEpochSecond());
      Instant at = created.plusSeconds((long) (r.nextDouble() * span));
      consent.write(String.join(",", lead, "profiling", "opt_out", ts(at)));
      consent.write('\n');
      n.consent++;
    }

    engagement.write(i, lead, r, intent, created, activeUntil, rampFrom, n);
  }

  private GeneratorSpec.Drift driftOf(Instant created) {
    if (spec.driftFrom() == null
        || created.isBefore(spec.driftFrom().atStartOfDay(ZoneOffset.UTC).toInstant())) {
      return GeneratorSpec.Drift.NONE;
    }
    return spec.drift();
  }
}
