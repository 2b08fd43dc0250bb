package io.leadscore.monitoring;

import io.leadscore.models.reference.FeatureReference;

/**
 * Tonight's distribution of one feature, counted on its reference's bins: what the Spark side measures and
 * {@link #against} compares.
 *
 * @param counts  leads per reference bin
 * @param unseen  leads with a categorical code not in the reference (0 for numeric features)
 * @param missing leads without a value
 * @param rows    all leads tonight
 * @param sample  a bounded random sample of tonight's non-missing values (for KS)
 */
public record CurrentDistribution(long[] counts, long unseen, long missing, long rows, double[] sample) {

  /**
   * Drift against the training reference. Unseen levels count as one extra bin (empty in the reference), so a
   * flood of a new level raises the PSI too.
   */
  public FeatureDrift against(FeatureReference ref, int gainRank) {
    long[] expected = ref.counts();
    long[] actual = counts;
    if (ref.categorical()) {
      expected = java.util.Arrays.copyOf(expected, expected.length + 1);
      actual = java.util.Arrays.copyOf(actual, actual.length + 1);
      actual[actual.length - 1] = unseen;
    }
    double psi = Psi.of(expected, actual);
    TwoSampleKs.Result ks = ref.categorical() ? new TwoSampleKs.Result(Double.NaN, Double.NaN)
        : TwoSampleKs.of(ref.sample(), sample);
    return new FeatureDrift(ref.name(), ref.categorical(), psi, ks,
        new FeatureDrift.MissingRates(ref.missingRate(), rows == 0 ? 0 : missing / (double) rows), unseen, rows,
        gainRank);
  }
}
