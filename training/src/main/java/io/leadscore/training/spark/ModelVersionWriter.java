package io.leadscore.training.spark;

import io.leadscore.features.LeadscoreException;
import io.leadscore.training.xgb.NativeXgb;
import io.leadscore.training.xgb.Rows;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
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

  /** @param refitParams the booster parameters to refit with; null to deploy the evaluated fit */
  static Map<String, Object> save(String modelPath, NativeXgb.Fit evaluated, Rows train, Rows holdout,
                                  TrainingData.Split split, Map<String, Object> refitParams, int rounds) {
    Map<String, Object> fits = new LinkedHashMap<>();
    // one wrapper for both saves: a wrapper that is garbage-collected disposes the native booster it wraps
    XGBoostClassificationModel evaluatedModel = XgbFactory.wrap(evaluated.booster());
    save(evaluatedModel, modelPath + "/evaluated/xgboost");
    fits.put("evaluated_path", modelPath + "/evaluated/xgboost");
    fits.put("evaluated_rows", train.rows());
    fits.put("evaluated_window", split.trainFrom() + " .. " + split.trainTo() + " (holdout " + split.holdoutKind()
        + " from " + split.holdoutFrom() + " held out)");
    if (refitParams == null) {
      save(evaluatedModel, modelPath + "/xgboost");
      fits.put("deployed", "the evaluated fit");
      fits.put("deployed_rows", train.rows());
    } else {
      Rows all = train.concat(holdout);
      NativeXgb.Fit refit = NativeXgb.fit(all, null, refitParams, rounds, 0);
      try {
        save(XgbFactory.wrap(refit.booster()), modelPath + "/xgboost");
      } finally {
        refit.booster().dispose();
      }
      fits.put("deployed", "refit on training rows + holdout, " + rounds + " rounds");
      fits.put("deployed_rows", all.rows());
      fits.put("deployed_window", split.trainFrom() + " .. holdout from " + split.holdoutFrom());
    }
    fits.put("deployed_path", modelPath + "/xgboost");
    java.lang.ref.Reference.reachabilityFence(evaluatedModel);
    return fits;
  }

  private static void save(XGBoostClassificationModel model, String path) {
    try {
      model.write().overwrite().save(path);
    } catch (IOException e) {
      throw new LeadscoreException("Cannot save the trained model to " + path + ": " + e.getMessage(), e);
    }
  }
}
