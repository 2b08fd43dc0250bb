package io.leadscore.monitoring;

import java.util.Locale;

/**
 * A monitoring alert: what crossed which threshold, and what to do about it.
 *
 * @param kind    {@code feature_drift}, {@code feature_ks}, {@code missing_rate}, {@code score_drift} or
 *                {@code auc_decay}
 * @param subject the feature, {@code score}, or {@code <score date> v<version>}
 */
public record Alert(String kind, String subject, double value, double threshold, String message) {
  public static final String FEATURE_DRIFT = "feature_drift";
  public static final String FEATURE_KS = "feature_ks";
  public static final String MISSING_RATE = "missing_rate";
  public static final String SCORE_DRIFT = "score_drift";
  public static final String AUC_DECAY = "auc_decay";

  /** The one line printed in the summary, sent to the webhook and shown in the report. */
  public String line() {
    return String.format(Locale.ROOT, "[%s] %s: %s", kind, subject, message);
  }
}
