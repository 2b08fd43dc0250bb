package io.leadscore.monitoring.spark;

import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.FeatureDefinition;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small world of leads with a known truth, for driving the monitor without the whole pipeline: each lead's
 * source and seniority raise its intent, which drives its engagement; a fixed scoring function of the features
 * stands for the model, and conversions follow it (or, after a change of mechanism, do not). The traffic mix
 * can shift towards cold outbound leads, the drift the generator's {@code traffic_mix} injects.
 */
final class LeadWorld {
  static final List<String> FEATURES = List.of("lead_source", "pricing_views_30d", "engagement_velocity",
      "seniority", "days_since_last_touch", "lead_age_days", "industry_affinity", "quarter_end_days", "month_of_year");
  /**
   * Inputs the standard catalogue marks as set per date, so not drift-tested: industry_affinity (one value per
   * industry and date) and the last two of {@link #FEATURES} (one value per date).
   */
  static final List<String> PER_DATE = List.of("industry_affinity", "quarter_end_days", "month_of_year");
  static final double[] QUIET_MIX = {0.3, 0.2, 0.15, 0.15, 0.1, 0.1};
  /** 70% cold outbound (code 5) */
  static final double[] SHIFTED_MIX = {0.05, 0.05, 0.05, 0.1, 0.05, 0.7};
  static final double[] SOURCE_EFFECT = {0.1, 0.7, 0.3, -0.1, 0.4, -0.6};
  static final double[] SENIORITY_EFFECT = {-0.8, -0.3, 0.1, 0.4, 0.6, 0.7};

  /** One lead: its features (NaN = missing), the score, and whether it converts within the horizon. */
  record Lead(double[] x, double probability, boolean converts) {}

  static List<FeatureDefinition> definitions() {
    FeatureCatalog c = FeatureCatalog.standard();
    return FEATURES.stream().map(c::get).toList();
  }

  static List<Lead> leads(int n, long seed, boolean shiftedMix, boolean changedConversion) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Lead> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int source = pick(r, shiftedMix ? SHIFTED_MIX : QUIET_MIX);
      int seniority = r.nextInt(6);
      double intent = SOURCE_EFFECT[source] + SENIORITY_EFFECT[seniority] + gaussian(r);
      double pricing = poisson(r, Math.exp(0.5 * intent));
      double velocity = 0.5 * intent + gaussian(r);
      double touch = r.nextDouble() < 0.1 ? Double.NaN : -20 * Math.log(1 - r.nextDouble());
      double age = r.nextInt(365);
      double affinity = 0.05 + 0.25 * r.nextDouble();
      double p = sigmoid(-2 + SOURCE_EFFECT[source] + SENIORITY_EFFECT[seniority] + 0.25 * pricing + 0.3 * velocity);
      // the changed mechanism: conversions no longer follow what the model learned
      double truth = changedConversion ? sigmoid(-1.6 + 0.4 * gaussian(r)) : p;
      boolean converts = r.nextDouble() < truth;
      // the date-derived inputs are filled in by atDate, from the snapshot date the lead is seen at
      out.add(new Lead(new double[] {source, pricing, velocity, seniority, touch, age, affinity, Double.NaN,
          Double.NaN}, p, converts));
    }
    return out;
  }

  /** The lead as seen at snapshot date {@code d}: days to the quarter's end and the month, as the features job. */
  static Lead atDate(Lead l, LocalDate d) {
    double[] x = l.x().clone();
    LocalDate quarterEnd = d.withMonth((d.getMonthValue() - 1) / 3 * 3 + 3).with(TemporalAdjusters.lastDayOfMonth());
    x[x.length - 2] = ChronoUnit.DAYS.between(d, quarterEnd);
    x[x.length - 1] = d.getMonthValue();
    return new Lead(x, l.probability(), l.converts());
  }

  static double[] column(List<Lead> leads, int j) {
    return leads.stream().mapToDouble(l -> (float) l.x()[j]).toArray();
  }

  private static int pick(SplittableRandom r, double[] mix) {
    double u = r.nextDouble();
    for (int k = 0; k < mix.length; k++) {
      u -= mix[k];
      if (u < 0) {
        return k;
      }
    }
    return mix.length - 1;
  }

  static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  private static double gaussian(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  private static int poisson(SplittableRandom r, double lambda) {
    double l = Math.exp(-lambda);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= r.nextDouble();
    } while (p > l);
    return k - 1;
  }
}
