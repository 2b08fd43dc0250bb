package io.leadscore.scoring.spark;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.leadscore.core.LeadscoreException;
import io.leadscore.models.contract.ModelContract;
import io.leadscore.models.registry.ModelCard;
import io.leadscore.scoring.errors.ScoringErrors;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import ml.dmlc.xgboost4j.java.XGBoostError;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The model contract ({@link ModelContract}) with Spark's parts: boosters read by xgboost4j-spark's model reader
 * (any Hadoop file system, the session's settings) and the day's inputs counted over the features table.
 */
final class ModelContracts {
  private ModelContracts() {}

  /** The boosters of the models under {@code modelsDir}, read the way they were saved. */
  static ModelContract.Boosters boosters(String modelsDir) {
    return (c, path, deployed) -> deployed ? deployed(c, path, modelsDir) : booster(c, path, modelsDir);
  }

  private static byte[] deployed(ModelCard card, String path, String modelsDir) {
    try {
      XGBoostClassificationModel m = (XGBoostClassificationModel) XGBoostClassificationModel.load(path);
      return m.nativeBooster().booster().toByteArray("ubj");
    } catch (XGBoostError e) {
      throw ScoringErrors.wrap("Cannot read model v" + card.version() + " at " + path + ": " + e.getMessage(), e);
    } catch (LeadscoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw ScoringErrors.wrap("Cannot load model v" + card.version() + " (" + card.name() + ") from " + path
          + ": " + e.getMessage() + ". Check the registry in " + modelsDir + " or re-train.", e);
    }
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
    List<String> watched = ModelContract.requireColumns(cards, arms, Arrays.asList(day.columns()));
    if (watched.isEmpty()) {
      return;
    }
    List<Column> aggs = new ArrayList<>(List.of(count(lit(1)).as("_rows")));
    watched.forEach(f -> aggs.add(count(col(f)).as(f)));
    Row counts = day.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
    long[] present = new long[watched.size()];
    for (int i = 0; i < present.length; i++) {
      present[i] = counts.getLong(i + 1);
    }
    ModelContract.requirePresent(cards, arms, watched, present, counts.getLong(0), date);
  }
}
