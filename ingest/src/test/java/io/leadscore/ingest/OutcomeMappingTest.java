package io.leadscore.ingest;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.ConfigFactory;
import io.leadscore.core.LeadscoreException;
import org.junit.jupiter.api.Test;

/** The outcome column of a labelled export is checked at start-up. */
class OutcomeMappingTest {
  private static final String BASE = "group = crm, file = a.csv, format = csv, key = [id], outcome = won, "
      + "columns { id = string, ";

  private static SourceMapping parse(String columns) {
    return SourceMapping.from("s", ConfigFactory.parseString(BASE + columns + " }"));
  }

  private static String msg(String columns) {
    return assertThrows(LeadscoreException.class, () -> parse(columns)).getMessage();
  }

  @Test
  void anOutcomeThatCannotReadAsConvertedFailsAtStartUpNamingTheWayOut() {
    assertTrue(msg("won = string").contains("leadscore.sources.s.columns.won is the outcome and a string: name its "
        + "converted values with true_values"), msg("won = string"));
    assertTrue(msg("won = int").contains("may hold values other than 0 and 1: declare min = 0, max = 1"));
    assertTrue(msg("won { type = int, min = 0, max = 5 } ").contains("may hold values other than 0 and 1"));
    assertTrue(msg("won = double").contains("is the outcome but has type double: use boolean, int (0/1) or string "
        + "with true_values"));
    parse("won = boolean");
    parse("won { type = int, min = 0, max = 1 }");
    parse("won { type = string, true_values = [Won, \"Closed Won\"] }");
  }
}
