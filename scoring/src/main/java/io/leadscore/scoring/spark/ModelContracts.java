package io.leadscore.scoring.spark;

import io.leadscore.scoring.ScoringErrors;
import io.leadscore.scoring.ScoringException;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.leadscore.core.LeadscoreException;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.Recoding;
import io.leadscore.scoring.model.ScoringModel;
import io.leadscore.training.registry.ModelCard;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import ml.dmlc.xgboost4j.java.XGBoostError;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Loads a registered version for scoring under its own contract, and refuses one that would score blind:
 * an input that today's catalogue no longer has (the features table keeps it as an all-null column), an
 * input column absent from today's features, or an input missing for every lead of the day where the model
 * saw values in training. Each refusal names the model, the input and the way out; scoring with NaN in place
 * of an input the model relies on would move every score without a word.
 */
final class ModelContracts {
  private ModelContracts() {}

  static ScoringModel load(ModelCard card, String arm, FeatureCatalog today, String modelsDir) {
    Recoding recoding = card.recodingFrom(today);
    if (!recoding.problems().isEmpty()) {
      throw refusal(card, arm, String.join("; ", recoding.problems()), "it would score every lead with that input "
          + "missing");
    }
    FeatureCatalog own = card.ownCatalog(today);
    String path = card.path() + "/xgboost";
    try {
      XGBoostClassificationModel m = (XGBoostClassificationModel) XGBoostClassificationModel.load(path);
      return new ScoringModel(card.name(), String.valueOf(card.version()), arm, card.features(),
          m.nativeBooster().booster().toByteArray("ubj"), card.features().stream().map(own::get).toList(), recoding);
    } catch (XGBoostError e) {
      throw ScoringErrors.wrap("Cannot read model v" + card.version() + " at " + path + ": " + e.getMessage(), e);
    } catch (LeadscoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw ScoringErrors.wrap("Cannot load model v" + card.version() + " (" + card.name() + ") from " + path
          + ": " + e.getMessage() + ". Check the registry in " + modelsDir + " or re-train.", e);
    }
  }

  /**
   * The deployed model and, for a static export's version with out-of-fold models, its fold models and (when
   * the deployed model was refitted on the holdout) its evaluated fit: one model per route.
   */
  static List<ScoringModel> loadAll(ModelCard card, String arm, FeatureCatalog today, String modelsDir,
                                    boolean outOfFold) {
    ScoringModel deployed = load(card, arm, today, modelsDir);
    List<ScoringModel> out = new ArrayList<>(List.of(deployed));
    if (!outOfFold || card.outOfFold().isEmpty()) {
      return out;
    }
    ModelCard.OutOfFold oof = card.outOfFold().get();
    for (int k = 0; k < oof.rounds().size(); k++) {
      out.add(deployed.fit(booster(card, oof.modelPath(k), modelsDir), ScoringModel.OUT_OF_FOLD, k,
          oof.rounds().get(k)));
    }
    if (oof.holdoutByEvaluated()) {
      out.add(deployed.fit(booster(card, card.evaluatedModelPath(), modelsDir), ScoringModel.HOLDOUT, null, 0));
    }
    return out;
  }

  private static byte[] booster(ModelCard card, String path, String modelsDir) {
    try {
      XGBoostClassificationModel m = (XGBoostClassificationModel) XGBoostClassificationModel.load(path);
      byte[] bytes = m.nativeBooster().booster().toByteArray("ubj");
      java.lang.ref.Reference.reachabilityFence(m);
      return bytes;
    } catch (XGBoostError | RuntimeException e) {
      throw ScoringErrors.wrap("Cannot load model " + card.label() + " from " + path + ": " + e.getMessage()
          + ". Check the version folder in " + modelsDir + ", set leadscore.scoring.out_of_fold = false to score "
          + "every lead with the deployed model, or re-train.", e);
    }
  }

  /** Every input of every model is a column of {@code day} with a value where the model saw values. */
  static void requireInputs(List<ModelCard> cards, List<String> arms, Dataset<Row> day, LocalDate date) {
    List<String> columns = Arrays.asList(day.columns());
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
    if (watched.isEmpty()) {
      return;
    }
    List<Column> aggs = new ArrayList<>(List.of(count(lit(1)).as("_rows")));
    watched.forEach(f -> aggs.add(count(col(f)).as(f)));
    Row counts = day.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
    long rows = counts.getLong(0);
    if (rows == 0) {
      return;
    }
    for (int i = 0; i < cards.size(); i++) {
      ModelCard card = cards.get(i);
      for (String f : card.features()) {
        double saw = card.contract().presentShare().getOrDefault(f, 0.0);
        if (saw > 0 && counts.getLong(watched.indexOf(f) + 1) == 0) {
          throw refusal(card, arms.get(i), String.format(Locale.ROOT, "input '%s' is missing for all %d leads of %s, "
              + "where %.0f%% of its training rows had a value", f, rows, date, saw * 100),
              "the feature was dropped from the catalogue or its source column is empty");
        }
      }
    }
  }

  private static ScoringException refusal(ModelCard card, String arm, String what, String why) {
    return ScoringErrors.modelRefuses(card.label(), arm, what, why);
  }
}
