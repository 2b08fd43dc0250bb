package io.leadscore.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The bot pattern runs as a word search only when that finds exactly what the regex finds. */
class HygieneBotWordsTest {
  private static Hygiene with(String agents) {
    return new Hygiene("user_agent", agents, null, null, 30, List.of(), 1.5);
  }

  @Test
  void theDefaultPatternIsItsWords() {
    assertEquals(Optional.of(List.of("bot", "crawler", "spider", "slurp", "headless", "python-requests", "curl/",
        "wget/")), with("(?i)(bot|crawler|spider|slurp|headless|python-requests|curl/|wget/)").botWords());
  }

  @Test
  void anyOtherPatternStaysARegex() {
    assertTrue(with("(?i)(bot|crawl.r)").botWords().isEmpty(), "a metacharacter");
    assertTrue(with("(bot|crawler)").botWords().isEmpty(), "case-sensitive");
    assertTrue(with("(?i)(Bot|crawler)").botWords().isEmpty(), "an upper-case word");
    assertTrue(with("(?i)(bot|spider)$").botWords().isEmpty(), "anchored");
    assertTrue(with("(?i)(bot|yandexbot|kube)").botWords().isEmpty(), "a k: the Kelvin sign lower-cases to it");
    assertTrue(with("(?i)(bot|wii)").botWords().isEmpty(), "ending in i: the dotted capital I lower-cases to i");
    assertTrue(new Hygiene(null, null, "session_id", "ts", 30, List.of(), 1.5).botWords().isEmpty());
  }
}
