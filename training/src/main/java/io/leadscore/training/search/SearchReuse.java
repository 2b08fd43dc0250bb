package io.leadscore.training.search;

import io.leadscore.models.registry.ModelCard;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code leadscore.training.search.reuse_days}: a night may skip the search and cross-validate only the parameters
 * the newest search chose, while that search is at most {@code reuse_days} old and was run on the same features
 * with the same search settings. The newest search is the latest version's that was not rejected, champion or not: a
 * nightly candidate that ties with the champion stays a challenger, and the champion's own search only grows older. A search picks among candidates whose CV AUCs differ in the third decimal; a day's
 * new snapshots rarely change the choice, and the search is most of a daily night's training (at 1M leads, two
 * candidates took 113 of the train stage's 200 s). Retraining itself stays nightly: the chosen parameters are fitted
 * on tonight's rows, their round count found again by early stopping, the calibration fitted again. The card records
 * when its parameters were searched ({@link #SEARCHED_ON}), so a chain of reusing nights searches again once the
 * original search is older than {@code reuse_days}.
 */
public final class SearchReuse {
  /** The card's parameter: the date of the search that chose the model's parameters. */
  public static final String SEARCHED_ON = "searched_on";
  /** The card's parameter: the search settings that chose them ({@link SearchSettings#describe()}). */
  public static final String SEARCH = "search";

  /**
   * What tonight's search is.
   *
   * @param candidates the parameters to cross-validate (the configured search's, or the newest search's one set)
   * @param searchedOn the date to record as {@link #SEARCHED_ON}: tonight, or the reused search's date
   * @param describe   one line for the summary and the run
   */
  public record Plan(List<XgbParams> candidates, String searchedOn, String describe) {}

  private SearchReuse() {}

  /**
   * @param configured the configured search's candidates
   * @param cap        the configured round cap (early stopping finds the count again)
   * @param newest     the latest registered version that was not rejected
   * @param batchDate  tonight (ISO date; anything else searches)
   * @param features   tonight's inputs, in order, and their catalogue version
   */
  public static Plan plan(SearchSettings s, List<XgbParams> configured, int cap, Optional<ModelCard> newest,
                          String batchDate, List<String> features, String catalogVersion) {
    Plan search = new Plan(configured, batchDate, s.describe());
    Optional<LocalDate> night = date(batchDate);
    if (s.reuseDays() == 0 || newest.isEmpty() || night.isEmpty()) {
      return search;
    }
    LocalDate tonight = night.get();
    ModelCard c = newest.get();
    Map<String, Object> p = c.training().params();
    Optional<LocalDate> on = date(p.get(SEARCHED_ON));
    if (on.isEmpty() || !s.describe().equals(p.get(SEARCH)) || !c.features().equals(features)
        || !c.catalogVersion().equals(catalogVersion) || on.get().isAfter(tonight)
        || on.get().plusDays(s.reuseDays()).isBefore(tonight)) {
      return search;
    }
    Optional<XgbParams> chosen = params(p, cap);
    return chosen.map(x -> new Plan(List.of(x), on.get().toString(), String.format("reused %s's parameters (searched"
        + " %s, reuse_days %d): %s", c.label(), on.get(), s.reuseDays(), x.label()))).orElse(search);
  }

  private static Optional<LocalDate> date(Object v) {
    try {
      return v == null ? Optional.empty() : Optional.of(LocalDate.parse(v.toString()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The card's booster parameters as a candidate; empty when one is missing (a card from before they were kept). */
  static Optional<XgbParams> params(Map<String, Object> p, int cap) {
    XgbParams x = new XgbParams(cap, 1, 0.1, 1, 1, 1, 1, 0);
    for (String key : SearchSettings.KEYS) {
      if (!(p.get(key) instanceof Number n)) {
        return Optional.empty();
      }
      x = x.with(key, n.doubleValue());
    }
    return Optional.of(x);
  }
}
