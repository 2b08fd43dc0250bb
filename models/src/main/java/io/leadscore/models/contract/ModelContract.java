package io.leadscore.models.contract;

import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.Recoding;
import io.leadscore.models.ModelsErrors;
import io.leadscore.models.ModelsException;
import io.leadscore.models.registry.ModelCard;
import io.leadscore.models.score.ScoringModel;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A registered version loaded for scoring under its own contract, and refused when it would score blind: an
 * input that today's catalogue no longer has (the features table keeps it as an all-null column), an input
 * column absent from today's features, or an input missing for every lead of the day where the model saw values
 * in training. Each refusal names the model, the input and the way out; scoring with NaN in place of an input the
 * model relies on would move every score without a word. The batch (with Spark's model reader) and the online
 * scorer (reading the saved booster file) both load through here, so both score with the same models.
 */
public final class ModelContract {
  private ModelContract() {}

  /** Reads the native booster (XGBoost's UBJSON) of a saved fit of {@code card} in {@code path}. */
  @FunctionalInterface
  public interface Boosters {
    /** @param deployed true for the version's deployed model, false for a fold model or the evaluated fit */
    byte[] read(ModelCard card, String path, boolean deployed);
  }

  /** The folder of the version's deployed model (as xgboost4j-spark saved it). */
  public static String deployedPath(ModelCard card) {
    return card.path() + "/xgboost";
  }

  /** The version's deployed model for {@code arm}, refused when today's catalogue cannot feed it. */
  public static ScoringModel load(ModelCard card, String arm, FeatureCatalog today, Boosters boosters) {
    Recoding recoding = card.recodingFrom(today);
    if (!recoding.problems().isEmpty()) {
      throw refusal(card, arm, String.join("; ", recoding.problems()), "it would score every lead with that input "
          + "missing");
    }
    FeatureCatalog own = card.ownCatalog(today);
    byte[] booster = boosters.read(card, deployedPath(card), true);
    return new ScoringModel(card.name(), String.valueOf(card.version()), arm, card.features(), booster,
        card.features().stream().map(own::get).toList(), recoding).calibrated(card.contract().calibration())
        .stacked(card.contract().stack());
  }

  /**
   * The deployed model and, for a static export's version with out-of-fold models, its fold models and (when
   * the deployed model was refitted on the holdout) its evaluated fit: one model per route.
   */
  public static List<ScoringModel> loadAll(ModelCard card, String arm, FeatureCatalog today, Boosters boosters,
                                           boolean outOfFold) {
    ScoringModel deployed = load(card, arm, today, boosters);
    List<ScoringModel> out = new ArrayList<>(List.of(deployed));
    if (!outOfFold || card.outOfFold().isEmpty()) {
      return out;
    }
    ModelCard.OutOfFold oof = card.outOfFold().get();
    for (int k = 0; k < oof.rounds().size(); k++) {
      out.add(deployed.fit(boosters.read(card, oof.modelPath(k), false), ScoringModel.OUT_OF_FOLD, k,
          oof.rounds().get(k)));
    }
    if (oof.holdoutByEvaluated()) {
      out.add(deployed.fit(boosters.read(card, card.evaluatedModelPath(), false), ScoringModel.HOLDOUT, null, 0));
    }
    return out;
  }

  /**
   * Every input of every model is one of the day's {@code columns}; returns the inputs to count (those some
   * model saw values of in training), in first-seen order.
   */
  public static List<String> requireColumns(List<ModelCard> cards, List<String> arms, List<String> columns) {
    List<String> watched = new ArrayList<>();
    for (int i = 0; i < cards.size(); i++) {
      ModelCard card = cards.get(i);
      for (String f : card.features()) {
        if (!columns.contains(f)) {
          throw refusal(card, arms.get(i), "input '" + f + "' is not a column of today's features", "it would score "
              + "every lead with that input missing");
        }
        if (card.contract().presentShare().getOrDefault(f, 0.0) > 0 && !watched.contains(f)) {
          watched.add(f);
        }
      }
    }
    return watched;
  }

  /**
   * Every watched input has a value for some lead of the day.
   *
   * @param present per watched input (in {@code watched} order), how many of the day's {@code rows} have a value
   */
  public static void requirePresent(List<ModelCard> cards, List<String> arms, List<String> watched, long[] present,
                                    long rows, LocalDate date) {
    if (rows == 0) {
      return;
    }
    for (int i = 0; i < cards.size(); i++) {
      ModelCard card = cards.get(i);
      for (String f : card.features()) {
        double saw = card.contract().presentShare().getOrDefault(f, 0.0);
        if (saw > 0 && present[watched.indexOf(f)] == 0) {
          throw refusal(card, arms.get(i), String.format(Locale.ROOT, "input '%s' is missing for all %d leads of %s, "
              + "where %.0f%% of its training rows had a value", f, rows, date, saw * 100),
              "the feature was dropped from the catalogue or its source column is empty");
        }
      }
    }
  }

  private static ModelsException refusal(ModelCard card, String arm, String what, String why) {
    return ModelsErrors.modelRefuses(card.label(), arm, what, why);
  }
}
