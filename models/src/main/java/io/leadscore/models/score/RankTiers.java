package io.leadscore.models.score;

import io.leadscore.models.ModelsErrors;
import java.util.Arrays;

/**
 * Tiers by rank over one night's scored leads: A = the top {@code a} share, B = the rest of the top
 * {@code b}, C = the rest of the top {@code c}, D = the rest. With the defaults (5%, 20%, 50%) A+B is
 * exactly the "top 20%" the model is evaluated on (precision@20%), so reps see which leads those are.
 * Leads with the same probability always share a tier: a group of ties that straddles a boundary goes
 * to the tier where its middle falls, so a tier's share is off by at most half that group.
 *
 * @param a cumulative top share of tier A, e.g. 0.05
 * @param b cumulative top share of tiers A+B, e.g. 0.20
 * @param c cumulative top share of tiers A+B+C, e.g. 0.50
 */
public record RankTiers(double a, double b, double c) {
  public RankTiers {
    if (!(0 < a && a < b && b < c && c < 1)) {
      throw ModelsErrors.of("'leadscore.scoring.tiers.rank' shares must satisfy 0 < a < b < c < 1 "
          + "(cumulative top shares), got a=%s b=%s c=%s", a, b, c);
    }
  }

  /** The rule for one night: the lowest probability of each tier among these leads. */
  public Cutoffs cutoffs(double[] probabilities) {
    double[] p = probabilities.clone();
    Arrays.sort(p);
    int n = p.length;
    // lowest probability in A, B and C; +infinity while a tier is empty
    double[] lowest = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
    int i = n - 1;
    while (i >= 0) {
      int j = i;
      while (j > 0 && p[j - 1] == p[i]) {
        j--;
      }
      // the group p[j..i] holds ranks (n-1-i) .. (n-1-j) from the top; its middle decides its tier
      double middle = ((n - 1 - i) + (n - j)) / 2.0 / n;
      int tier = middle < a ? 0 : middle < b ? 1 : middle < c ? 2 : 3;
      if (tier < 3) {
        lowest[tier] = p[i];
      }
      i = j - 1;
    }
    // an empty tier takes the cut-off of the tier above, so it stays empty
    double ca = lowest[0];
    double cb = Math.min(ca, lowest[1]);
    double cc = Math.min(cb, lowest[2]);
    return new Cutoffs(ca, cb, cc);
  }

  /** The cut-offs of one night: a lead is in the best tier whose lowest probability it reaches. */
  public record Cutoffs(double a, double b, double c) implements TierRule {
    @Override
    public String tier(double probability) {
      return probability >= a ? "A" : probability >= b ? "B" : probability >= c ? "C" : "D";
    }
  }
}
