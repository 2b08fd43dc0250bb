package io.leadscore.scoring;

import java.util.Locale;

/**
 * Why a lead in silver got no score tonight, as {@code not_scored} counts it. Some reasons leave a lead rightly
 * unscored (it is closed, not yet created, or may not be scored); the others mean an open lead was missed.
 */
public enum NotScoredReason {
  CONVERTED(true), LOST(true), CREATED_AFTER_BATCH_DATE(true), NO_CONSENT(true), NO_FEATURES(false);

  private final boolean rightly;

  NotScoredReason(boolean rightly) {
    this.rightly = rightly;
  }

  /** The reason as the summary and the tables write it ("no_features"). */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True when the lead is rightly unscored: closed, created after the batch date, or without consent. */
  public boolean rightly() {
    return rightly;
  }

  /** Whether a counted reason ({@link #key()}) leaves an open lead unscored; an unknown key counts as open. */
  public static boolean open(String key) {
    for (NotScoredReason r : values()) {
      if (r.key().equals(key)) {
        return !r.rightly;
      }
    }
    return true;
  }
}
