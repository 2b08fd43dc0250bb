package io.leadscore.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettingsReaderTest {
  private final SettingsReader r = SettingsReader.of(ConfigFactory.parseString(
      "leadscore.part { share = 1.5, n = 3, wait = 0s, kind = fast, inner { x = 2 } }"), "leadscore.part",
      (key, value, rule) -> new IllegalArgumentException("'" + key + "' is " + value + " but must be " + rule));

  @Test
  void aValueInsideItsRuleIsReturned() {
    assertEquals(3, r.integer("n", v -> v >= 1, ">= 1"));
    assertEquals(2.0, r.at("inner").number("x", v -> v > 0, "> 0"));
    assertEquals("fast", r.string("kind", String::trim, k -> k.equals("fast") || k.equals("slow"), "fast or slow"));
  }

  @Test
  void aValueOutsideItsRuleNamesTheFullKeyTheValueAndTheRule() {
    assertEquals("'leadscore.part.share' is 1.5 but must be in [0, 1]",
        assertThrows(IllegalArgumentException.class, () -> r.share("share")).getMessage());
    assertEquals("'leadscore.part.inner.x' is 2 but must be >= 5",
        assertThrows(IllegalArgumentException.class, () -> r.at("inner").integer("x", v -> v >= 5, ">= 5"))
            .getMessage());
    assertEquals("'leadscore.part.wait' is " + Duration.ZERO + " but must be above zero",
        assertThrows(IllegalArgumentException.class, () -> r.positiveDuration("wait")).getMessage());
    assertEquals("'leadscore.part.kind' is 'fast' but must be slow",
        assertThrows(IllegalArgumentException.class, () -> r.string("kind", k -> k, "slow"::equals, "slow"))
            .getMessage());
  }
}
