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
 * One lead's life in the world, and what of it an export shows: its row in {@code leads.csv} (now and then
 * malformed or exported twice; after the anchor, a promotion now and then updates it), its opportunity once it
 * is won or lost, a consent opt-out for some, then its engagement. Its intent (noise plus industry, seniority
 * and source effects) drives whether it converts and how engaged it is.
 *
 * <p>The world does not depend on the export's date: every value comes from the lead's own streams, drawn the
 * same way whatever the window, and the window only decides what is written. Up to the anchor the draws are
 * exactly those of the original (single full export) generator, so the first delivery is byte for byte what
 * {@code generate} always wrote; a lead still open at the anchor goes on living after it (its engagement, its
 * run-up to a win, its close), and new leads keep arriving at the same rate ({@code leads} per
 * {@code history_days}, lead {@code i} in period {@code i / leads}).
 */
final class LeadWriter {
  /** Mean days between two CRM edits (a promotion) of an open lead after the anchor. */
  static final double EDIT_EVERY_DAYS = 60;
  private final GeneratorSpec spec;
  private final GeneratorDraws draws;
  private final Delivery window;
  private final int accounts;
  private final Writer leads;
  private final Writer opps;
  private final Writer consent;
  private final EngagementWriter engagement;

  LeadWriter(GeneratorSpec spec, GeneratorDraws draws, Delivery window, int accounts, Writer leads, Writer opps,
             Writer consent, EngagementWriter engagement) {
    this.spec = spec;
    this.draws = draws;
    this.window = window;
    this.accounts = accounts;
    this.leads = leads;
    this.opps = opps;
    this.consent = consent;
    this.engagement = engagement;
  }

  /** The instant lead {@code i} is created: in its period, {@code i / leads}, of {@code history_days}. */
  Instant created(int i) {
    return created(i, draws.rng(2, i));
  }

  private Instant created(int i, SplittableRandom r) {
    long period = i / spec.leads();
    return draws.start().plusSeconds(86400L * spec.historyDays() * period
        + (long) (r.nextDouble() * 86400L * (spec.historyDays() - 1)));
  }

  void write(int i, ExportGenerator.Counters n) throws IOException {
    SplittableRandom r = draws.rng(2, i);
    int account = r.nextInt(accounts);
    int industry = draws.industryOf(account);
    int seniority = r.nextInt(SENIORITIES.size());
    int source = r.nextInt(SOURCES.size());
    double noise = gaussian(r);
    Instant anchor = window.anchorInstant();
    Instant created = created(i, r);
    GeneratorSpec.Drift drift = driftOf(created);
    // drawn from a stream of their own: without drift every generated value stays what it was
    SplittableRandom d = draws.rng(5, i);
    if (drift == GeneratorSpec.Drift.TRAFFIC_MIX) {
      source = d.nextDouble() < 0.7 ? SOURCES.indexOf("Cold Outbound") : source;
      seniority = d.nextDouble() < 0.6 ? d.nextInt(2) : seniority; // Intern or Staff
    }
    double intent = noise + INDUSTRY_EFFECT[industry] + SENIORITY_EFFECT[seniority] + SOURCE_EFFECT[source];

    // outcome: won after an exponential delay, or lost, or never decided
    boolean converts = drift == GeneratorSpec.Drift.CONVERSION
        ? d.nextDouble() < conversionProbability(0.6) // the same rate for everyone: intent no longer decides
        : r.nextDouble() < conversionProbability(intent);
    if (drift == GeneratorSpec.Drift.CONVERSION) {
      r.nextDouble(); // keep the main stream aligned with the undrifted lead's
    }
    Instant closed = Instant.MAX;
    String stage = null;
    if (converts) {
      closed = created.plusSeconds((long) (86400L * (3 + exponential(r, 35))));
      stage = "won";
    } else if (r.nextDouble() < 0.6) {
      closed = created.plusSeconds((long) (86400L * (10 + exponential(r, 60))));
      stage = "lost";
    }
    if (!created.isBefore(window.toInstant()) || closed.isBefore(window.fromInstant())) {
      return; // not yet created, or closed before the window: nothing of this lead is in the export
    }
    boolean closedBeforeAnchor = closed.isBefore(anchor);
    Instant periodEnd = draws.start().plusSeconds(86400L * spec.historyDays() * (i / spec.leads() + 1));
    Instant before = closed.isBefore(periodEnd) ? closed : periodEnd;

    String lead = leadId(i);
    String createdTs = ts(created);
    String title = "\"" + SENIORITIES.get(seniority) + " of " + DEPARTMENTS.get(r.nextInt(DEPARTMENTS.size())) + "\"";
    String tail = String.join(",", DEPARTMENTS.get(r.nextInt(DEPARTMENTS.size())), SOURCES.get(source),
        COUNTRIES.get(r.nextInt(COUNTRIES.size())), createdTs);
    writeLead(i, lead, account, seniority, title, tail, created, closed, n);

    // the amount comes from the main stream when the first delivery showed the close (as it always did)
    long amount = 1000 + (closedBeforeAnchor ? r : draws.rng(7, i)).nextInt(50000);
    if (stage != null && window.shows(closed)) {
      opps.write(String.join(",", "O" + lead.substring(1), lead, stage,
          ts(closed.minusSeconds(86400L * 7)), ts(closed), Long.toString(amount)));
      opps.write('\n');
      n.opportunities++;
    }

    if (i % 20 == 3) {
      // 5% opt out of profiling at some point of their life (of their first period, if still open then)
      long span = Math.max(1, before.getEpochSecond() - created.getEpochSecond());
      Instant at = created.plusSeconds((long) (r.nextDouble() * span));
      if (window.shows(at)) {
        consent.write(String.join(",", lead, "profiling", "opt_out", ts(at)));
        consent.write('\n');
        n.consent++;
      }
    }

    // the first delivery's engagement ends at the anchor (or the close); after it, it goes on until the close
    Instant firstUntil = closedBeforeAnchor ? closed : anchor;
    Instant firstRamp = converts && closedBeforeAnchor ? closed.minusSeconds(86400L * RAMP_DAYS) : Instant.MAX;
    Instant ramp = converts ? closed.minusSeconds(86400L * RAMP_DAYS) : Instant.MAX;
    engagement.write(i, lead, r, intent, created,
        new EngagementWriter.Life(firstUntil, firstRamp, closed, ramp, window), n);
  }

  /**
   * The lead's row as of the export's date: its first state, or its latest promotion after the anchor. A daily
   * export shows it when the lead was created or edited in the window (modified since).
   */
  private void writeLead(int i, String lead, int account, int seniority, String title, String tail,
                         Instant created, Instant closed, ExportGenerator.Counters n) throws IOException {
    SplittableRandom e = draws.rng(6, i);
    Instant anchor = window.anchorInstant();
    Instant t = (created.isAfter(anchor) ? created : anchor).plusSeconds((long) (86400 * exponential(e, EDIT_EVERY_DAYS)));
    Instant updated = null;
    boolean edited = false;
    while (t.isBefore(window.toInstant()) && t.isBefore(closed)) {
      seniority = Math.min(SENIORITIES.size() - 1, seniority + 1);
      title = "\"" + SENIORITIES.get(seniority) + " of " + DEPARTMENTS.get(e.nextInt(DEPARTMENTS.size())) + "\"";
      updated = t;
      edited |= window.shows(t);
      t = t.plusSeconds((long) (86400 * exponential(e, EDIT_EVERY_DAYS)));
    }
    if (!window.shows(created) && !edited) {
      return;
    }
    String createdTs = ts(created);
    String row = String.join(",", lead, accountId(account), "lead" + i + "@company" + account + ".example",
        "+1-555-" + String.format("%07d", i), "First" + i, "\"Last, " + i + "\"", title,
        SENIORITIES.get(seniority), tail, updated == null ? createdTs : ts(updated));
    n.leads++;
    if (updated != null) {
      leads.write(row);
      leads.write('\n');
      return;
    }
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
  }

  private GeneratorSpec.Drift driftOf(Instant created) {
    if (spec.driftFrom() == null
        || created.isBefore(spec.driftFrom().atStartOfDay(ZoneOffset.UTC).toInstant())) {
      return GeneratorSpec.Drift.NONE;
    }
    return spec.drift();
  }
}
