package io.leadscore.core;

/**
 * The column names that more than one module reads or writes: the one place that spells them, as {@link Tables}
 * is for table paths. A column that one table's own writer alone knows (a ledger's bookkeeping, a report's
 * figures) stays with that writer; a name listed here means the same thing in every table that has it.
 */
public final class Columns {
  /** The lead's business key, in every silver, gold and online table that is about leads. */
  public static final String LEAD_ID = "lead_id";
  /** The day a row's values describe, as of its end (features, training set, lead_daily): point in time. */
  public static final String AS_OF_DATE = "as_of_date";
  /** The batch date a score was made on (lead_scores, the CRM ledgers, performance, the prediction log). */
  public static final String SCORE_DATE = "score_date";
  /** The training target: 1.0 when the lead converted within the horizon, else 0.0. */
  public static final String LABEL = "label";
  /** The model's calibrated probability of conversion. */
  public static final String PROBABILITY = "probability";
  /** The probability as the 0-100 score the CRM shows. */
  public static final String SCORE = "score";
  /** The score's tier (hot, warm, ...). */
  public static final String TIER = "tier";
  /** The reason texts behind a score, strongest first. */
  public static final String REASONS = "reasons";
  /** The registry version of the model that made a score. */
  public static final String MODEL_VERSION = "model_version";
  /** Which model scored a lead: champion or challenger. */
  public static final String ARM = "arm";
  /** The next best action offered with a score. */
  public static final String ACTION = "action";
  /** A sales rep's id (reps, assignments, the owner ledgers, the leaderboard). */
  public static final String REP_ID = "rep_id";
  /** When a record was created in the CRM. */
  public static final String CREATED_AT = "created_at";
  /** When an opportunity was closed (won or lost). */
  public static final String CLOSED_AT = "closed_at";

  private Columns() {}
}
