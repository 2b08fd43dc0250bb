package io.leadscore.training.search;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The candidates of a random search: the configured parameters first (so the search never does worse in CV
 * than no search), then {@code trials - 1} points drawn from the ranges with one seeded generator, each
 * parameter in {@link SearchSettings#KEYS} order. Same settings, same candidates, in the same order; a
 * parameter without a range keeps its configured value. Values keep 4 significant digits (readable params).
 */
public final class RandomSearch {
  private RandomSearch() {}

  public static List<XgbParams> candidates(XgbParams base, SearchSettings s) {
    SplittableRandom rnd = new SplittableRandom(s.seed());
    List<XgbParams> out = new ArrayList<>(List.of(base));
    for (int t = 1; t < s.trials(); t++) {
      XgbParams p = base;
      for (String key : SearchSettings.KEYS) {
        double[] r = s.ranges().get(key);
        if (r != null) {
          p = p.with(key, draw(rnd, key, r));
        }
      }
      out.add(p);
    }
    return out;
  }

  static double draw(SplittableRandom rnd, String key, double[] r) {
    double u = rnd.nextDouble();
    if (key.equals("max_depth")) {
      long lo = Math.round(r[0]);
      long hi = Math.round(r[1]);
      return Math.min(hi, lo + (long) Math.floor(u * (hi - lo + 1)));
    }
    double v = SearchSettings.LOG_SCALE.contains(key)
        ? Math.exp(Math.log(r[0]) + u * (Math.log(r[1]) - Math.log(r[0])))
        : r[0] + u * (r[1] - r[0]);
    v = new BigDecimal(v).round(new MathContext(4)).doubleValue();
    return Math.max(r[0], Math.min(r[1], v));
  }
}
