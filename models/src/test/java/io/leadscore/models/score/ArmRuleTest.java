package io.leadscore.models.score;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The arm rule's hash is XXH64 (the published test values; ScoreJobTest checks that every lead of a night gets
 * the arm Spark's {@code xxhash64} gave it) and the share is cut the batch's way.
 */
class ArmRuleTest {
  static long xxh64(String s, long seed) {
    return ArmRule.xxh64(s.getBytes(StandardCharsets.UTF_8), seed);
  }

  @Test
  void theHashIsXxh64OverEveryLengthClass() {
    assertEquals(0xEF46DB3751D8E999L, xxh64("", 0));
    assertEquals(0xD24EC4F1A98C6E5BL, xxh64("a", 0)); // a tail byte
    assertEquals(0x44BC2CF5AD770999L, xxh64("abc", 0));
    assertEquals(0xFBCEA83C8A378BF1L, xxh64("Nobody inspects the spammish repetition", 0)); // 32-byte stripes
  }

  @Test
  void theChallengerGetsItsShareOfLeadsAndALeadKeepsItsArm() {
    int challenger = 0;
    for (int i = 0; i < 20_000; i++) {
      String lead = String.format("L%07d", i);
      String arm = ArmRule.arm(lead, 0.3);
      assertEquals(arm, ArmRule.arm(lead, 0.3), "stable");
      challenger += arm.equals(ArmRule.CHALLENGER) ? 1 : 0;
      assertEquals(ArmRule.CHAMPION, ArmRule.arm(lead, 0), "no share, no challenger");
      if (arm.equals(ArmRule.CHALLENGER)) {
        assertEquals(ArmRule.CHALLENGER, ArmRule.arm(lead, 0.5), "a larger share keeps the challenger's leads");
      }
    }
    assertEquals(0.3, challenger / 20_000.0, 0.015);
  }
}
