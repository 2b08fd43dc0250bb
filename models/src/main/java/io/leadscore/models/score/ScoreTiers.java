package io.leadscore.models.score;

import io.leadscore.models.ModelsErrors;


/**
 * Probability -> score 0-100 -> tier A/B/C/D by fixed cut-offs (the lowest score of each tier): the
 * {@code probability} tier mode, for teams that want a tier to keep a calibrated meaning from night to night.
 */
public record ScoreTiers(int a, int b, int c) implements TierRule {
  public ScoreTiers {
    if (!(100 >= a && a > b && b > c && c > 0)) {
      throw ModelsErrors.of("Tier cut-offs must satisfy 100 >= a > b > c > 0, got a=%d b=%d c=%d", a, b, c);
    }
  }

  public static int score(double probability) {
    if (Double.isNaN(probability) || probability < 0 || probability > 1) {
      throw ModelsErrors.of("probability %s is not in [0, 1]", probability);
    }
    return (int) Math.round(probability * 100);
  }

  public String tier(int score) {
    return score >= a ? "A" : score >= b ? "B" : score >= c ? "C" : "D";
  }

  @Override
  public String tier(double probability) {
    return tier(score(probability));
  }
}
