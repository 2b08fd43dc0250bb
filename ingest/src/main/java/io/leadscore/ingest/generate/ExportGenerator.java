package io.leadscore.ingest.generate;

import static io.leadscore.ingest.generate.Mechanism.*;

import io.leadscore.core.LeadscoreException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a day's synthetic CRM + analytics exports into the landing folder:
 * {@code crm/<date>/leads.csv, accounts.csv, activities.csv, opportunities.csv},
 * {@code analytics/<date>/events.jsonl.gz} and {@code consent/<date>/consent.csv}.
 *
 * <p>The data has what real exports have: duplicates (a lead exported twice, the later row wins),
 * a few malformed rows (they must end in quarantine), bot traffic, duplicate events, and consent
 * opt-outs. Everything is a function of the spec: same spec, same files.
 */
public final class ExportGenerator {
  private static final DateTimeFormatter TS = DateTimeFormatter.ISO_INSTANT;

  /** Counts of what was written, for the summary and for tests. */
  public record Result(int leads, int accounts, long activities, long opportunities, long events, long consent,
                       int malformedLeadRows, int duplicateLeadRows) {}

  private final GeneratorSpec spec;

  public ExportGenerator(GeneratorSpec spec) {
    this.spec = spec;
  }

  public Result generate() {
    String day = spec.batchDate().toString();
    Path crm = spec.landingDir().resolve("crm").resolve(day);
    Path analytics = spec.landingDir().resolve("analytics").resolve(day);
    Path consentDir = spec.landingDir().resolve("consent").resolve(day);
    try {
      Files.createDirectories(crm);
      Files.createDirectories(analytics);
      Files.createDirectories(consentDir);
      int accounts = Math.max(1, spec.leads() / 4);
      writeAccounts(crm.resolve("accounts.csv"), accounts);
      try (Writer leads = csv(crm.resolve("leads.csv"),
               "lead_id,account_id,email,phone,first_name,last_name,job_title,seniority,department,lead_source,country,created_at,updated_at");
           Writer acts = csv(crm.resolve("activities.csv"), "activity_id,lead_id,activity_type,occurred_at,duration_minutes");
           Writer opps = csv(crm.resolve("opportunities.csv"), "opportunity_id,lead_id,stage,created_at,closed_at,amount");
           Writer consent = csv(consentDir.resolve("consent.csv"), "lead_id,channel,status,changed_at");
           Writer events = new BufferedWriter(new OutputStreamWriter(
               new GZIPOutputStream(Files.newOutputStream(analytics.resolve("events.jsonl.gz")), 1 << 16),
               StandardCharsets.UTF_8), 1 << 16)) {
        Counters n = new Counters();
        for (int i = 0; i < spec.leads(); i++) {
          writeLead(i, accounts, leads, acts, opps, consent, events, n);
        }
        return new Result(spec.leads(), accounts, n.activities, n.opportunities, n.events, n.consent,
            n.malformed, n.duplicates);
      }
    } catch (IOException e) {
      throw new LeadscoreException("Cannot write generated exports under " + spec.landingDir() + ": " + e.getMessage(), e);
    }
  }

  private static final class Counters {
    long activities;
    long opportunities;
    long events;
    long consent;
    int malformed;
    int duplicates;
  }

  private void writeAccounts(Path file, int accounts) throws IOException {
    try (Writer w = csv(file, "account_id,company_name,industry,employees,founded_year,funding_rounds,country,updated_at")) {
      for (int a = 0; a < accounts; a++) {
        SplittableRandom r = rng(1, a);
        int industry = industryOf(a);
        long employees = Math.max(1, Math.round(Math.exp(3 + 2 * r.nextDouble() * 2)));
        int founded = spec.batchDate().getYear() - 1 - r.nextInt(40);
        w.write(String.join(",", accountId(a), "\"Company " + a + ", Inc.\"", INDUSTRIES.get(industry),
            Long.toString(employees), Integer.toString(founded), Integer.toString(r.nextInt(6)),
            COUNTRIES.get(r.nextInt(COUNTRIES.size())), ts(start().minusSeconds(86400L * r.nextInt(400)))));
        w.write('\n');
      }
    }
  }

  private void writeLead(int i, int accounts, Writer leads, Writer acts, Writer opps, Writer consent,
                         Writer events, Counters n) throws IOException {
    SplittableRandom r = rng(2, i);
    int account = r.nextInt(accounts);
    int industry = industryOf(account);
    int seniority = r.nextInt(SENIORITIES.size());
    int source = r.nextInt(SOURCES.size());
    double noise = gaussian(r);
    Instant end = start().plusSeconds(86400L * spec.historyDays());
    Instant created = start().plusSeconds((long) (r.nextDouble() * 86400L * (spec.historyDays() - 1)));
    GeneratorSpec.Drift drift = driftOf(created);
    // drawn from a stream of their own: without drift every generated value stays what it was
    SplittableRandom d = rng(5, i);
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

    long actSeq = 0;
    long evSeq = 0;
    boolean bot = i % 250 == 11;
    for (Instant day = created; day.isBefore(activeUntil); day = day.plusSeconds(86400)) {
      boolean ramp = !day.isBefore(rampFrom);
      int k = poisson(r, eventRate(intent, ramp) * (bot ? 40 : 1) * spec.eventScale());
      for (int e = 0; e < k; e++) {
        Instant at = day.plusSeconds(r.nextInt(86400));
        if (!at.isBefore(activeUntil)) {
          continue;
        }
        String page = r.nextDouble() < pricingShare(intent, ramp) ? "/pricing" : PAGES.get(r.nextInt(PAGES.size()));
        String eventId = lead + "-E" + (evSeq++);
        String json = "{\"event_id\":\"" + eventId + "\",\"lead_id\":\"" + lead + "\",\"event_type\":\"page_view\","
            + "\"page\":\"" + page + "\",\"ts\":\"" + ts(at) + "\",\"session_id\":\"" + lead + "-S" + (evSeq / 3)
            + "\",\"user_agent\":\"" + (bot ? BOT_AGENT : USER_AGENTS[r.nextInt(USER_AGENTS.length)])
            + "\",\"duration_seconds\":" + durationSeconds(i, evSeq) + "}\n";
        events.write(json);
        n.events++;
        if (r.nextInt(200) == 0) {
          events.write(json); // delivered twice by the tracker: dropped by event id
          n.events++;
        }
      }
      int a = poisson(r, activityRate(intent, ramp));
      for (int e = 0; e < a; e++) {
        Instant at = day.plusSeconds(r.nextInt(86400));
        if (!at.isBefore(activeUntil)) {
          continue;
        }
        String type = activityType(r, intent, ramp);
        int minutes = type.equals("meeting") || type.equals("call") ? 5 + r.nextInt(55) : 0;
        acts.write(String.join(",", lead + "-A" + (actSeq++), lead, type, ts(at), Integer.toString(minutes)));
        acts.write('\n');
        n.activities++;
      }
    }
  }

  /**
   * Seconds on the page; 1 in 100 is a tab left open for hours (an engagement outlier). Drawn from its own
   * stream so that adding it left every other generated value unchanged.
   */
  private long durationSeconds(int lead, long seq) {
    SplittableRandom d = rng(4, lead * 4_099L + seq);
    return d.nextInt(100) == 0 ? 3_600 + d.nextInt(80_000) : 5 + d.nextInt(240);
  }

  private static String activityType(SplittableRandom r, double intent, boolean ramp) {
    double u = r.nextDouble();
    double meeting = 0.03 + 0.03 * Math.max(0, intent) + (ramp ? 0.1 : 0);
    if (u < meeting) {
      return "meeting";
    }
    u = r.nextDouble();
    if (u < 0.45) {
      return "email_open";
    } else if (u < 0.45 + 0.1 + 0.05 * Math.max(0, intent)) {
      return "email_click";
    } else if (u < 0.7) {
      return "call";
    } else if (u < 0.8) {
      return "form_submit";
    } else if (u < 0.92) {
      return "content_download";
    }
    return "video_view";
  }

  private GeneratorSpec.Drift driftOf(Instant created) {
    if (spec.driftFrom() == null
        || created.isBefore(spec.driftFrom().atStartOfDay(ZoneOffset.UTC).toInstant())) {
      return GeneratorSpec.Drift.NONE;
    }
    return spec.drift();
  }

  private Instant start() {
    return spec.batchDate().minusDays(spec.historyDays()).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private int industryOf(int account) {
    return rng(3, account).nextInt(INDUSTRIES.size());
  }

  private SplittableRandom rng(int stream, long index) {
    return new SplittableRandom(spec.seed() * 1_000_003L + stream * 7_919L + index * 104_729L);
  }

  static String leadId(int i) {
    return String.format("L%07d", i);
  }

  static String accountId(int a) {
    return String.format("A%06d", a);
  }

  private static String ts(Instant t) {
    return TS.format(t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  private static Writer csv(Path file, String header) throws IOException {
    Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    w.write(header);
    w.write('\n');
    return w;
  }

  private static double gaussian(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  private static double exponential(SplittableRandom r, double mean) {
    return -mean * Math.log(1 - r.nextDouble());
  }

  private static int poisson(SplittableRandom r, double lambda) {
    double l = Math.exp(-lambda);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= r.nextDouble();
    } while (p > l);
    return k - 1;
  }

  /** True when the landing folder holds no export at all (first run of the embedded default). */
  public static boolean isEmpty(Path landingDir) {
    if (!Files.isDirectory(landingDir)) {
      return true;
    }
    try (var s = Files.walk(landingDir)) {
      return s.noneMatch(Files::isRegularFile);
    } catch (IOException e) {
      throw new LeadscoreException("Cannot list landing folder " + landingDir + ": " + e.getMessage(), e);
    }
  }

}
