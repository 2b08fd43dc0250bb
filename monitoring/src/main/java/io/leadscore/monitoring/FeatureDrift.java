package io.leadscore.monitoring;

/**
 * One feature's drift tonight against the champion's training reference (a row of {@code gold/drift}).
 *
 * @param psi          population stability index over the reference bins
 * @param ksTest       two-sample KS statistic and its p-value, before any multiple-testing correction (NaN for a
 *                     categorical feature: KS needs an order)
 * @param missing      shares without a value, in training and tonight
 * @param unseenLevels tonight's leads with a categorical code the model never saw in training
 * @param gainRank     1 = the model's most important input by gain; 0 = unknown
 */
public record FeatureDrift(String feature, boolean categorical, double psi, TwoSampleKs.Result ksTest,
                           MissingRates missing, long unseenLevels, long rows, int gainRank) {
  /**
   * @param reference share of training rows without a value
   * @param current   share of tonight's leads without a value
   */
  public record MissingRates(double reference, double current) {}

  /** The KS statistic (NaN for a categorical feature). */
  public double ks() {
    return ksTest.statistic();
  }

  public double pValue() {
    return ksTest.pValue();
  }

  public double referenceMissing() {
    return missing.reference();
  }

  public double currentMissing() {
    return missing.current();
  }

  public double missingChange() {
    return missing.current() - missing.reference();
  }
}
