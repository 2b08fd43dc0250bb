package io.leadscore.ingest.generate;

import static io.leadscore.ingest.generate.GeneratorDraws.poisson;
import static io.leadscore.ingest.generate.GeneratorDraws.ts;
import static io.leadscore.ingest.generate.Mechanism.*;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * A lead's days of engagement: page views ({@code events.jsonl.gz}, bots and tracker duplicates included) and
 * CRM activities ({@code activities.csv}), from creation until the lead is closed or the batch date. Both rates
 * rise with intent and in the weeks before a win.
 */
final class EngagementWriter {
  private final GeneratorSpec spec;
  private final GeneratorDraws draws;
  private final Writer events;
  private final Writer acts;

  EngagementWriter(GeneratorSpec spec, GeneratorDraws draws, Writer events, Writer acts) {
    this.spec = spec;
    this.draws = draws;
    this.events = events;
    this.acts = acts;
  }

  /**
   * When a lead engages, and what of it the export shows.
   *
   * @param firstUntil the end of the first delivery's engagement: the close, or the anchor for a lead open then
   * @param firstRamp  the start of the run-up to a win the first delivery showed (Instant.MAX: none)
   * @param closed     the close (Instant.MAX: never); engagement goes on after the anchor until then
   * @param ramp       the start of the run-up to a win (Instant.MAX: none), after the anchor
   */
  record Life(Instant firstUntil, Instant firstRamp, Instant closed, Instant ramp, Delivery window) {}

  /**
   * Days before the anchor are drawn exactly as the original generator drew them (engagement stopped at the
   * anchor then); the days after it continue the same stream. Every value is drawn whether or not the window
   * shows it, so the world does not depend on the export's date.
   *
   * @param r the lead's main stream, continued where the lead's own rows left it
   */
  void write(int i, String lead, SplittableRandom r, double intent, Instant created, Life life,
             ExportGenerator.Counters n) throws IOException {
    long[] seq = new long[2]; // activities, events
    boolean bot = i % 250 == 11;
    Instant until = life.window().toInstant().isBefore(life.closed()) ? life.window().toInstant() : life.closed();
    Instant day = created;
    for (; day.isBefore(life.firstUntil()); day = day.plusSeconds(86400)) {
      day(i, lead, r, intent, !day.isBefore(life.firstRamp()), bot, day, life.firstUntil(), life.window(), seq, n);
    }
    for (; day.isBefore(until); day = day.plusSeconds(86400)) {
      day(i, lead, r, intent, !day.isBefore(life.ramp()), bot, day, life.closed(), life.window(), seq, n);
    }
  }

  private void day(int i, String lead, SplittableRandom r, double intent, boolean ramp, boolean bot, Instant day,
                   Instant activeUntil, Delivery window, long[] seq, ExportGenerator.Counters n) throws IOException {
    int k = poisson(r, eventRate(intent, ramp) * (bot ? 40 : 1) * spec.eventScale());
    for (int e = 0; e < k; e++) {
      Instant at = day.plusSeconds(r.nextInt(86400));
      if (!at.isBefore(activeUntil)) {
        continue;
      }
      String page = r.nextDouble() < pricingShare(intent, ramp) ? "/pricing" : PAGES.get(r.nextInt(PAGES.size()));
      long evSeq = seq[1]++;
      String eventId = lead + "-E" + evSeq;
      String json = "{\"event_id\":\"" + eventId + "\",\"lead_id\":\"" + lead + "\",\"event_type\":\"page_view\","
          + "\"page\":\"" + page + "\",\"ts\":\"" + ts(at) + "\",\"session_id\":\"" + lead + "-S" + ((evSeq + 1) / 3)
          + "\",\"user_agent\":\"" + (bot ? BOT_AGENT : USER_AGENTS[r.nextInt(USER_AGENTS.length)])
          + "\",\"duration_seconds\":" + durationSeconds(i, evSeq + 1) + "}\n";
      boolean twice = r.nextInt(200) == 0; // delivered twice by the tracker: dropped by event id
      if (window.shows(at)) {
        events.write(json);
        n.events++;
        if (twice) {
          events.write(json);
          n.events++;
        }
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
      long actSeq = seq[0]++;
      if (window.shows(at)) {
        acts.write(String.join(",", lead + "-A" + actSeq, lead, type, ts(at), Integer.toString(minutes)));
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
    SplittableRandom d = draws.rng(4, lead * 4_099L + seq);
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
}
