package io.leadscore.ingest.privacy;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Erased ids leave run summaries and reports as whole tokens only. */
class LeadIdTextTest {
  @Test
  void anIdIsReplacedWhereItStandsAsAWholeToken() {
    LeadIdText t = new LeadIdText(List.of("L1", "L0000005"));
    assertEquals("{\"crm_errors\":[\"409 {\\\"lead\\\":\\\"[erased]\\\"}\"],\"n\":\"L10\"}",
        t.scrub("{\"crm_errors\":[\"409 {\\\"lead\\\":\\\"L1\\\"}\"],\"n\":\"L10\"}"), "L10 is another lead");
    assertEquals("lead [erased], [erased].", t.scrub("lead L0000005, L1."));
    assertEquals("XL1 L1_x L1-2", t.scrub("XL1 L1_x L1-2"), "parts of longer tokens stay");
    String same = "no ids here";
    assertSame(same, t.scrub(same));
    assertNull(t.scrub(null));
    assertTrue(t.holds("<li>L1</li>"));
    assertFalse(t.holds("<li>L11</li>"));
  }

  @Test
  void anIdWithOtherCharactersIsFoundAtTokenBoundariesToo() {
    LeadIdText t = new LeadIdText(List.of("lead 7/a"));
    assertEquals("x [erased] y", t.scrub("x lead 7/a y"));
    assertEquals("xlead 7/a", t.scrub("xlead 7/a"));
  }
}
