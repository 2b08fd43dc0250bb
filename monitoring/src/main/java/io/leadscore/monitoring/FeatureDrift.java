package io.leadscore.monitoring;

/**
 * One feature's drift tonight against the champion's training reference (a row of {@code gold/drift}).
 *
 * @param psi              population stability index over the reference bins
 * @param ks               two-sample KS statistic (NaN for a categorical feature: KS needs an order)
 * @param pValue           the KS p-value, before any multiple-testing correction
 * @param referenceMissing share of training rows without a value
 * @param currentMissing   share of tonight's leads without a value
 * @param unseenLevels     tonight's leads with a categorical code the model never saw in training
 * @param gainRank         1 = the model's most important input by gain; 0 = unknown
 */
public record FeatureDrift(String feature, boolean categorical, double psi, double ks, double pValue,
                           double referenceMissing, double currentMissing, long unseenLevels, long rows,
                           int gainRank) {
  public double missingChange() {
    return currentMissing - referenceMissing;
  }
}
