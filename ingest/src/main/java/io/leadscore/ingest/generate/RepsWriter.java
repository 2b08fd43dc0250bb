package io.leadscore.ingest.generate;

import static io.leadscore.ingest.generate.GeneratorDraws.csv;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * The sales team of the generated world ({@code reps/<date>/reps.csv}, a full export each day): two reps per
 * country (the first with weight 200, the second 100), with the churn of a real team: each week one rep is away
 * Monday to Sunday, and one seat changes hands (the rep leaves, a new rep with a new id starts that Monday). A
 * function of the batch date and the spec alone, drawing from no stream of the other exports, so those stay
 * byte-identical. Capacity grows with the world so that every A/B lead finds a rep on an ordinary night.
 */
final class RepsWriter {
  static final String HEADER = "rep_id,name,territories,weight,daily_capacity,max_open_leads,away_from,away_to,"
      + "started_at,updated_at";
  static final int SEATS_PER_COUNTRY = 2;
  private static final List<String> NAMES = List.of("Ana", "Ben", "Chloe", "Dev", "Emma", "Farid", "Greta", "Hugo",
      "Ines", "Jonas", "Kira", "Liam", "Maya", "Nils", "Omar", "Priya", "Quentin", "Rosa", "Sven", "Tara");

  private final GeneratorSpec spec;

  RepsWriter(GeneratorSpec spec) {
    this.spec = spec;
  }

  /** Monday-based week number of a day (1970-01-01 was a Thursday). */
  static long week(LocalDate day) {
    return Math.floorDiv(day.toEpochDay() + 3, 7);
  }

  static LocalDate monday(long week) {
    return LocalDate.ofEpochDay(week * 7 - 3);
  }

  /** The week the current holder of {@code seat} started: seat (5w + 3) mod seats changes hands in week w. */
  static long hiredIn(int seat, int seats, long week) {
    // 5 is invertible modulo every power of two and every seat count not divisible by 5: each seat turns over once
    // in `seats` weeks
    for (long w = week; w > week - seats; w--) {
      if (Math.floorMod(5 * w + 3, seats) == seat) {
        return w;
      }
    }
    return week - seats;
  }

  /** @return the reps written */
  int write(Path file) throws IOException {
    LocalDate day = spec.batchDate();
    long week = week(day);
    List<String> countries = Mechanism.COUNTRIES;
    int seats = countries.size() * SEATS_PER_COUNTRY;
    int away = (int) Math.floorMod(week * 3, seats);
    // the first night routes every open A/B lead (a fifth of the open leads), later nights the day's new ones
    int capacity = Math.max(10, spec.leads() / 40);
    try (Writer w = csv(file, HEADER)) {
      for (int seat = 0; seat < seats; seat++) {
        String country = countries.get(seat / SEATS_PER_COUNTRY);
        long hired = hiredIn(seat, seats, week);
        String id = String.format("R%02d-%d", seat, hired);
        String name = NAMES.get((int) Math.floorMod(seat * 7 + hired, NAMES.size())) + " " + country;
        int weight = seat % SEATS_PER_COUNTRY == 0 ? 200 : 100;
        String from = seat == away ? monday(week).toString() : "";
        String to = seat == away ? monday(week).plusDays(6).toString() : "";
        w.write(String.join(",", id, name, country, Integer.toString(weight), Integer.toString(capacity),
            Integer.toString(capacity * 4), from, to, monday(hired).toString(), day + "T00:00:00Z"));
        w.write('\n');
      }
    }
    return seats;
  }
}
