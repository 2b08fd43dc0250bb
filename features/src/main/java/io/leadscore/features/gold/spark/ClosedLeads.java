package io.leadscore.features.gold.spark;

import static io.leadscore.core.Columns.CLOSED_AT;
import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Column;

/**
 * The one rule for a lead's outcome, over silver opportunities: a lead is closed once one of its
 * opportunities reached stage {@code won} or {@code lost} (any case) with a close time, and won when that
 * stage is {@code won}. Features (open leads, outcome rates, labels), scoring (who is not scored and why) and
 * monitoring (realised conversions) all ask here, so the rule cannot drift between them.
 */
public final class ClosedLeads {
  public static final String WON = "won";
  public static final String LOST = "lost";

  private ClosedLeads() {}

  /** An opportunity row that closes its lead: won or lost, with a close time. */
  public static Column closed() {
    return lower(col("stage")).isin(WON, LOST).and(col(CLOSED_AT).isNotNull());
  }

  /** An opportunity row that closes its lead before {@code ts}. */
  public static Column closedBefore(Column ts) {
    return closed().and(col(CLOSED_AT).lt(ts));
  }

  /** An opportunity row that converts its lead: won, with a close time. */
  public static Column won() {
    return lower(col("stage")).equalTo(WON).and(col(CLOSED_AT).isNotNull());
  }

  /** 1 for a won row and 0 for a lost one (on rows already filtered by {@link #closed()}). */
  public static Column wonFlag() {
    return when(lower(col("stage")).equalTo(WON), 1).otherwise(0);
  }
}
