package io.leadscore.ingest.generate;

import static io.leadscore.ingest.generate.GeneratorDraws.csv;

import io.leadscore.ingest.IngestErrors;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a day's synthetic CRM + analytics exports into the landing folder:
 * {@code crm/<date>/leads.csv, accounts.csv, activities.csv, opportunities.csv},
 * {@code analytics/<date>/events.jsonl.gz}, {@code consent/<date>/consent.csv} and the sales team,
 * {@code reps/<date>/reps.csv} ({@link RepsWriter}).
 *
 * <p>The data has what real exports have: duplicates (a lead exported twice, the later row wins),
 * a few malformed rows (they must end in quarantine), bot traffic, duplicate events, and consent
 * opt-outs. Everything is a function of the spec: same spec, same files. Accounts are written by
 * {@link AccountWriter}; each lead, with all its rows in the other files, by {@link LeadWriter}.
 */
public final class ExportGenerator {
  /** Counts of what was written (leads and accounts: rows of distinct keys), for the summary and for tests. */
  public record Result(int leads, int accounts, long activities, long opportunities, long events, long consent,
                       int malformedLeadRows, int duplicateLeadRows) {}

  /** What the writers count while they write. */
  static final class Counters {
    int leads;
    long activities;
    long opportunities;
    long events;
    long consent;
    int malformed;
    int duplicates;
  }

  private final GeneratorSpec spec;
  private final Delivery window;

  /** The first delivery of a world: a full export at the spec's batch date, its history before it. */
  public ExportGenerator(GeneratorSpec spec) {
    this(spec, Delivery.first(spec.batchDate()));
  }

  /** The export of {@code window} (its {@code to} must be the spec's batch date) of the world anchored there. */
  public ExportGenerator(GeneratorSpec spec, Delivery window) {
    if (!window.to().equals(spec.batchDate())) {
      throw IngestErrors.of("an export at %s cannot show a window ending %s", spec.batchDate(), window.to());
    }
    this.spec = spec;
    this.window = window;
  }

  public Result generate() {
    String day = spec.batchDate().toString();
    Path crm = spec.landingDir().resolve("crm").resolve(day);
    Path analytics = spec.landingDir().resolve("analytics").resolve(day);
    Path consentDir = spec.landingDir().resolve("consent").resolve(day);
    Path reps = spec.landingDir().resolve("reps").resolve(day);
    GeneratorDraws draws = new GeneratorDraws(spec, window.anchor());
    try {
      Files.createDirectories(crm);
      Files.createDirectories(analytics);
      Files.createDirectories(consentDir);
      Files.createDirectories(reps);
      new RepsWriter(spec).write(reps.resolve("reps.csv"));
      int accounts = Math.max(1, spec.leads() / 4);
      int accountRows = new AccountWriter(spec, draws).write(crm.resolve("accounts.csv"), accounts, window);
      try (Writer leads = csv(crm.resolve("leads.csv"),
               "lead_id,account_id,email,phone,first_name,last_name,job_title,seniority,department,lead_source,country,created_at,updated_at");
           Writer acts = csv(crm.resolve("activities.csv"), "activity_id,lead_id,activity_type,occurred_at,duration_minutes");
           Writer opps = csv(crm.resolve("opportunities.csv"), "opportunity_id,lead_id,stage,created_at,closed_at,amount");
           Writer consent = csv(consentDir.resolve("consent.csv"), "lead_id,channel,status,changed_at");
           Writer events = new BufferedWriter(new OutputStreamWriter(
               new GZIPOutputStream(Files.newOutputStream(analytics.resolve("events.jsonl.gz")), 1 << 16),
               StandardCharsets.UTF_8), 1 << 16)) {
        LeadWriter writer = new LeadWriter(spec, draws, window, accounts, leads, opps, consent,
            new EngagementWriter(spec, draws, events, acts));
        Counters n = new Counters();
        // lead i is created in period i / leads of history_days: every period that began before the export
        long periods = (window.toInstant().getEpochSecond() - draws.start().getEpochSecond() - 1)
            / (86400L * spec.historyDays()) + 1;
        long last = Math.min(Integer.MAX_VALUE, Math.max(1, periods) * spec.leads());
        for (int i = 0; i < last; i++) {
          writer.write(i, n);
        }
        return new Result(n.leads, accountRows, n.activities, n.opportunities, n.events, n.consent,
            n.malformed, n.duplicates);
      }
    } catch (IOException e) {
      throw IngestErrors.wrap("Cannot write generated exports under " + spec.landingDir() + ": " + e.getMessage(), e);
    }
  }

  /** True when the landing folder holds no export at all (first run of the embedded default). */
  public static boolean isEmpty(Path landingDir) {
    if (!Files.isDirectory(landingDir)) {
      return true;
    }
    try (var s = Files.walk(landingDir)) {
      return s.noneMatch(Files::isRegularFile);
    } catch (IOException e) {
      throw IngestErrors.wrap("Cannot list landing folder " + landingDir + ": " + e.getMessage(), e);
    }
  }
}
