package io.leadscore.training.spark;

import io.leadscore.features.LeadscoreException;
import io.leadscore.training.xgb.NativeXgb;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
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

  /** @param refit the refit on training rows + holdout (called once); null to deploy the evaluated fit */
  static Map<String, Object> save(String modelPath, NativeXgb.Fit evaluated, TrainingData.Split split,
                                  Supplier<NativeXgb.Fit> refit, int rounds) {
    Map<String, Object> fits = new LinkedHashMap<>();
    // one wrapper for both saves: a wrapper that is garbage-collected disposes the native booster it wraps
    XGBoostClassificationModel evaluatedModel = XgbFactory.wrap(evaluated.booster());
    save(evaluatedModel, modelPath + "/evaluated/xgboost");
    fits.put("evaluated_path", modelPath + "/evaluated/xgboost");
    fits.put("evaluated_rows", split.trainRows());
    fits.put("evaluated_window", split.trainFrom() + " .. " + split.trainTo() + " (holdout " + split.holdoutKind()
        + " from " + split.holdoutFrom() + " held out)");
    if (refit == null) {
      save(evaluatedModel, modelPath + "/xgboost");
      fits.put("deployed", "the evaluated fit");
      fits.put("deployed_rows", split.trainRows());
    } else {
      NativeXgb.Fit deployed = refit.get();
      try {
        save(XgbFactory.wrap(deployed.booster()), modelPath + "/xgboost");
      } finally {
        deployed.booster().dispose();
      }
      fits.put("deployed", "refit on training rows + holdout, " + rounds + " rounds");
      fits.put("deployed_rows", split.trainRows() + split.holdout().rows());
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
