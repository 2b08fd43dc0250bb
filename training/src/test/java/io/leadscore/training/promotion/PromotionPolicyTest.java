package io.leadscore.training.promotion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class PromotionPolicyTest {
  private final PromotionPolicy policy = new PromotionPolicy(0.005, 0.6, 0.3, 0.1, false);

  @Test
  void firstModelAboveTheFloorsIsPromoted() {
    PromotionPolicy.Decision d = policy.decide(0.80, 0.5, OptionalDouble.empty(), "", List.of());
    assertTrue(d.promoted());
    assertEquals("promoted: no comparable champion (holdout AUC 0.8000)", d.toString());
  }

  @Test
  void floorsComeFirst() {
    assertEquals("challenger: holdout AUC 0.5500 is below the floor 0.6000",
        policy.decide(0.55, 0.9, OptionalDouble.empty(), "", List.of()).toString());
    assertEquals("challenger: precision@top 0.2000 is below the floor 0.3000",
        policy.decide(0.8, 0.2, OptionalDouble.empty(), "", List.of()).toString());
  }

  @Test
  void mustBeatTheChampionByTheMinimumGain() {
    assertFalse(policy.decide(0.804, 0.5, OptionalDouble.of(0.80), "v1", List.of()).promoted());
    PromotionPolicy.Decision d = policy.decide(0.806, 0.5, OptionalDouble.of(0.80), "v1", List.of());
    assertTrue(d.promoted());
    assertEquals("holdout AUC 0.8060 >= champion v1 0.8000 + min gain 0.0050", d.reason());
  }

  @Test
  void leakageAlarmBlocksUnlessAllowed() {
    List<LeakageGuard.Alarm> alarms = new LeakageGuard(0.95).alarms(Map.of("tags", 0.99, "visits", 0.7,
        "inverse", 0.02));
    assertEquals(List.of(new LeakageGuard.Alarm("inverse", 0.98 + 0.0), new LeakageGuard.Alarm("tags", 0.99)).size(),
        alarms.size());
    assertEquals("tags", alarms.get(0).feature());
    PromotionPolicy.Decision blocked = policy.decide(0.99, 0.9, OptionalDouble.empty(), "", alarms);
    assertFalse(blocked.promoted());
    assertTrue(blocked.reason().startsWith("leakage alarm on [tags (single-feature AUC 0.990), inverse"),
        blocked.reason());
    assertTrue(new PromotionPolicy(0.005, 0.6, 0.3, 0.1, true).decide(0.99, 0.9, OptionalDouble.empty(), "", alarms)
        .promoted());
  }

  @Test
  void aSuspiciousJumpOverTheChampionIsNotPromoted() {
    PromotionPolicy.Decision d = policy.decide(0.95, 0.9, OptionalDouble.of(0.80), "v3", List.of());
    assertFalse(d.promoted());
    assertTrue(d.reason().contains("jumps 0.1500 above champion v3"), d.reason());
  }
}
