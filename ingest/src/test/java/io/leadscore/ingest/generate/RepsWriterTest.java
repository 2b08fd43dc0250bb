package io.leadscore.ingest.generate;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated sales team: a full export each day, with a week's absence and a seat changing hands (no Spark). */
class RepsWriterTest {
  static final LocalDate D = LocalDate.of(2026, 11, 24); // a Tuesday

  @TempDir
  Path dir;

  List<String[]> reps(LocalDate day) throws Exception {
    Path f = dir.resolve(day + ".csv");
    new RepsWriter(new GeneratorSpec(dir, day, 2000, 365, 42)).write(f);
    List<String> lines = Files.readAllLines(f);
    assertEquals(RepsWriter.HEADER, lines.get(0));
    return lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
  }

  @Test
  void twoRepsPerCountryOneAwayForTheWeekAndOneNewRepAWeek() throws Exception {
    List<String[]> today = reps(D);
    assertEquals(Mechanism.COUNTRIES.size() * 2, today.size());
    assertEquals(new HashSet<>(Mechanism.COUNTRIES), today.stream().map(r -> r[2]).collect(Collectors.toSet()));
    List<String[]> away = today.stream().filter(r -> !r[6].isEmpty()).toList();
    assertEquals(1, away.size(), "one rep away this week");
    LocalDate from = LocalDate.parse(away.get(0)[6]);
    assertEquals(DayOfWeek.MONDAY, from.getDayOfWeek());
    assertEquals(from.plusDays(6), LocalDate.parse(away.get(0)[7]));
    assertFalse(D.isBefore(from) || D.isAfter(from.plusDays(6)), "the absence covers the batch date");
    // the same team all week, bar the absence; a week later one seat has a new rep who started that Monday
    assertEquals(ids(today), ids(reps(D.plusDays(2))));
    Set<String> nextWeek = ids(reps(D.plusDays(7)));
    Set<String> gone = new HashSet<>(ids(today));
    gone.removeAll(nextWeek);
    Set<String> joined = new HashSet<>(nextWeek);
    joined.removeAll(ids(today));
    assertEquals(1, gone.size(), "one rep left: " + gone);
    assertEquals(1, joined.size(), "one new rep: " + joined);
    String[] newRep = reps(D.plusDays(7)).stream().filter(r -> joined.contains(r[0])).findFirst().orElseThrow();
    assertEquals(D.plusDays(7).with(DayOfWeek.MONDAY).toString(), newRep[8]);
    assertNotEquals(away.get(0)[0], reps(D.plusDays(7)).stream().filter(r -> !r[6].isEmpty()).findFirst()
        .orElseThrow()[0], "another rep is away next week");
  }

  @Test
  void sameSpecSameBytesAndWeightsCapacityAsMapped() throws Exception {
    Path a = dir.resolve("a.csv");
    Path b = dir.resolve("b.csv");
    new RepsWriter(new GeneratorSpec(dir, D, 2000, 365, 42)).write(a);
    new RepsWriter(new GeneratorSpec(dir, D, 2000, 365, 42)).write(b);
    assertEquals(Files.readString(a), Files.readString(b));
    for (String[] r : reps(D)) {
      assertTrue(r[3].equals("200") || r[3].equals("100"), "weight " + r[3]);
      assertEquals(50, Integer.parseInt(r[4]), "2000 leads / 40 a day");
      assertEquals(200, Integer.parseInt(r[5]));
      assertEquals(D + "T00:00:00Z", r[9]);
    }
  }

  static Set<String> ids(List<String[]> reps) {
    return reps.stream().map(r -> r[0]).collect(Collectors.toSet());
  }
}
