package io.leadscore.training.spark;

import static io.leadscore.core.Columns.LEAD_ID;
import static org.apache.spark.sql.functions.*;

import io.leadscore.training.errors.TrainingErrors;
import io.leadscore.training.TrainingSplit;
import io.leadscore.training.xgb.NativeXgb;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;

/**
 * Writes a claimed version folder: the evaluated fit (training rows only, the one judged on the holdout)
 * under {@code evaluated/xgboost}, and the deployed fit under {@code xgboost}: the model refitted on the
 * training rows + the holdout with the same parameters and round count (so production has seen the newest
 * decided snapshots), or the evaluated fit itself when no refit is wanted. Returns the fits as the card
 * records them.
 */
final class ModelVersionWriter {
  private ModelVersionWriter() {}

  /**
   * @param refit    the refit on training rows + holdout (called once); null to deploy the evaluated fit
   * @param foldFits    the chosen grid point's CV fold models: kept for a static export, where they give the
   *                    training leads their out-of-fold scores ({@link #saveOutOfFold})
   * @param deployedFit given the deployed fit before its booster is disposed (the monitor's score reference)
   */
  static Map<String, Object> save(SparkSession spark, String modelPath, NativeXgb.Fit evaluated,
                                  TrainingSplit split, Dataset<Row> keys, Supplier<NativeXgb.Fit> refit, int rounds,
                                  List<NativeXgb.Fit> foldFits, java.util.function.Consumer<NativeXgb.Fit> deployedFit) {
    Map<String, Object> fits = new LinkedHashMap<>();
    // one wrapper for both saves: a wrapper that is garbage-collected disposes the native booster it wraps
    XGBoostClassificationModel evaluatedModel = XgbFactory.wrap(evaluated.booster());
    save(evaluatedModel, modelPath + "/evaluated/xgboost");
    fits.put("evaluated_path", modelPath + "/evaluated/xgboost");
    fits.put("evaluated_rows", split.trainRows());
    TrainingSplit.Window w = split.window();
    fits.put("evaluated_window", w.trainFrom() + " .. " + w.trainTo() + " (holdout " + split.holdoutKind()
        + " from " + w.holdoutFrom() + " held out)");
    if (refit == null) {
      save(evaluatedModel, modelPath + "/xgboost");
      deployedFit.accept(evaluated);
      fits.put("deployed", "the evaluated fit");
      fits.put("deployed_rows", split.trainRows());
    } else {
      NativeXgb.Fit deployed = refit.get();
      try {
        save(XgbFactory.wrap(deployed.booster()), modelPath + "/xgboost");
        deployedFit.accept(deployed);
      } finally {
        deployed.booster().dispose();
      }
      fits.put("deployed", "refit on training rows + holdout, " + rounds + " rounds");
      fits.put("deployed_rows", split.trainRows() + split.holdout().rows());
      fits.put("deployed_window", w.trainFrom() + " .. holdout from " + w.holdoutFrom());
    }
    fits.put("deployed_path", modelPath + "/xgboost");
    java.lang.ref.Reference.reachabilityFence(evaluatedModel);
    if (split.staticExport() && !foldFits.isEmpty()) {
      fits.putAll(saveOutOfFold(spark, modelPath, split, keys, refit != null, foldFits));
    }
    return fits;
  }

  /**
   * A static export's training leads are also the leads scoring sees: the deployed model has seen their
   * outcomes, so its scores for them are in-sample (optimistic, and not comparable with other leads'). Saved
   * here: each CV fold model ({@code folds/<k>/xgboost}, predicting with its early-stopping round count) and
   * which leads it may score ({@code out_of_fold}: lead_sha256, source, fold): a training lead by the fold model
   * that did not see it, and, when the deployed model was refitted on the holdout, a holdout lead by the
   * evaluated fit, which did not see it either.
   */
  private static Map<String, Object> saveOutOfFold(SparkSession spark, String modelPath,
                                                   TrainingSplit split, Dataset<Row> splitKeys, boolean refitted,
                                                   List<NativeXgb.Fit> foldFits) {
    List<Integer> rounds = new ArrayList<>();
    for (int k = 0; k < foldFits.size(); k++) {
      XGBoostClassificationModel m = XgbFactory.wrap(foldFits.get(k).booster());
      save(m, modelPath + "/folds/" + k + "/xgboost");
      java.lang.ref.Reference.reachabilityFence(m);
      rounds.add(foldFits.get(k).bestRounds());
    }
    // lead ids as SHA-256: a write-once model folder must not keep raw ids that `leadscore erase` cannot reach;
    // written from the split's keys on the executors (no id list on the driver, whichever engine trained)
    Column held = col("_holdout");
    Dataset<Row> keys = splitKeys
        .filter(refitted ? lit(true) : not(held))
        .select(sha2(col(LEAD_ID), 256).as(LEAD_SHA256), when(held, HOLDOUT).otherwise(OUT_OF_FOLD).as("source"),
            when(held, lit(null)).otherwise(col(TrainingData.FOLD)).cast("int").as("fold"));
    String leads = modelPath + "/out_of_fold";
    keys.coalesce(1).write().mode(SaveMode.ErrorIfExists).parquet(leads);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("out_of_fold_leads_path", leads);
    out.put("out_of_fold_models", modelPath + "/folds");
    out.put("out_of_fold_rounds", rounds);
    out.put("out_of_fold_leads", split.trainRows());
    out.put("holdout_scored_by", refitted ? "evaluated" : "deployed");
    return out;
  }

  /** The column of {@code out_of_fold} that identifies a lead: hex SHA-256 of its UTF-8 id (Spark's sha2(id, 256)). */
  static final String LEAD_SHA256 = "lead_sha256";

  /** {@code out_of_fold.source} of a training lead and of a holdout lead. */
  static final String OUT_OF_FOLD = "out_of_fold";
  static final String HOLDOUT = "holdout";

  private static void save(XGBoostClassificationModel model, String path) {
    try {
      model.write().overwrite().save(path);
    } catch (IOException e) {
      throw TrainingErrors.cannot("save the trained model to " + path, e);
    }
  }
}
