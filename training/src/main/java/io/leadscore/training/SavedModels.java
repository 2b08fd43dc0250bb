package io.leadscore.training;

import io.leadscore.models.registry.ModelCard;
import io.leadscore.training.promotion.PromotionPolicy;
import io.leadscore.training.xgb.Rows;
import java.util.Map;

/**
 * What a training run needs of the saved model folders, which the engine's model writer and reader own: the
 * champion scored on today's holdout, the new version's folder, and the run's artifacts (the model among them).
 * The steps of the run are plain Java; the Spark side implements this, a test a fake.
 */
public interface SavedModels {
  /** The claimed version, its folder, and the fits as the card records them. */
  record SavedModel(int version, String path, Map<String, Object> fits) {}

  /** The champion scored on {@code holdout} with its own contract and paired with {@code candidate}'s scores. */
  PromotionPolicy.Champion compare(ModelCard champion, Rows holdout, double[] candidate);

  /** Claims a version folder and writes the evaluated (and deployed) fits and reference distributions into it. */
  SavedModel save(TrainSpec spec, TrainingSplit split, Trainer trainer, TuneParameters.Tuning tuning,
                  EvaluateOnHoldout.Evaluation eval, PromotionPolicy.Decision decision);

  /** The run's artifacts by relative path: plots, tables, config, catalogue, card and the model. */
  Map<String, byte[]> artifacts(TrainedRun run);
}
